import type { DemoApp } from '@sinch-inbounds/demo-kit/testing';

/** This app, for the kit's shared scenarios: they run its built `dist/main.js`. */
export const NESTJS_DEMO: DemoApp = { framework: 'NestJS', dir: new URL('../../', import.meta.url), screenshot: 'nestjs-inbox.png' };
