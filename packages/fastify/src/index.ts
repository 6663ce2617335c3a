/**
 * @sinch-inbounds/fastify — a Fastify plugin for verified, replay-safe, idempotent Sinch
 * callbacks. Re-exports all of `@sinch-inbounds/core`, so one install is enough.
 */
export { sinchWebhook, DEFAULT_WEBHOOK_PATH, type SinchWebhookOptions } from './plugin.js';
export type { SinchReconcilePluginOptions } from './reconcile.js';
export * from '@sinch-inbounds/core';
