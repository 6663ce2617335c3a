/**
 * Injection token of the core `WebhookReceiver` the module creates. Inject it to call
 * `receiver.on(...)` by hand or to reuse the receiver outside the built-in controller.
 *
 * Tokens are strings, not symbols, so that a CommonJS and an ES module copy of this
 * package in one app still agree on them.
 */
export const SINCH_WEBHOOK_RECEIVER = 'SINCH_INBOUNDS_WEBHOOK_RECEIVER';

/**
 * Injection token of the core `InboundsClient`, or `undefined` when the module was
 * configured without `client` options (webhook-only use).
 */
export const SINCH_INBOUNDS_CLIENT = 'SINCH_INBOUNDS_CLIENT';

/** Injection token of the core `Logger` the module's parts share (Nest's logger by default). */
export const SINCH_INBOUNDS_LOGGER = 'SINCH_INBOUNDS_LOGGER';

/**
 * Injection token of the resolved `SinchInboundsModuleOptions` (what `forRoot` was given,
 * or what the `forRootAsync` factory returned). Here, with the other tokens, so the parts
 * that read the options need not import the module that provides them.
 */
export const SINCH_INBOUNDS_MODULE_OPTIONS = 'SINCH_INBOUNDS_MODULE_OPTIONS';

/** Injection token of the webhook route as configured (before the app's global prefix); not provided by a `processOnly` registration. */
export const SINCH_WEBHOOK_PATH = 'SINCH_INBOUNDS_WEBHOOK_PATH';

/**
 * Injection token of the `processOnly` extra (a boolean): whether this registration
 * serves no webhook. Internal to the module's providers.
 */
export const SINCH_PROCESS_ONLY = 'SINCH_INBOUNDS_PROCESS_ONLY';
