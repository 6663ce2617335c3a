/** Injection token of the running mode, `'simulator'` or `'sinch'`. */
export const DEMO_MODE = 'DEMO_MODE';

/** Injection token of the in-process `SinchSimulator`, or `null` in Sinch mode. */
export const DEMO_SIMULATOR = 'DEMO_SIMULATOR';

/** Injection token of the demo's `DemoTelemetry` (webhook outcome counts, `/metrics`). */
export const DEMO_TELEMETRY = 'DEMO_TELEMETRY';
