/**
 * @sinch-inbounds/express — Express middleware for verified, replay-safe, idempotent
 * Sinch callbacks. Re-exports all of `@sinch-inbounds/core`, so one install is enough.
 */
export { sinchWebhook, type SinchWebhookMiddleware } from './middleware.js';
export * from '@sinch-inbounds/core';
