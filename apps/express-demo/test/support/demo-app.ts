import type { DemoApp } from '@sinch-inbounds/demo-kit/testing';

/** This app, for the kit's shared scenarios: they run its built `dist/main.js`. */
export const EXPRESS_DEMO: DemoApp = { framework: 'Express', dir: new URL('../../', import.meta.url), screenshot: 'express-inbox.png' };
