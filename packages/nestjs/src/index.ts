/**
 * @sinch-inbounds/nestjs — Sinch inbound SMS for NestJS: `SinchInboundsModule` (a
 * verified webhook controller at a configurable path), `@OnSinchCallback` handlers and
 * `SinchInboundsService`. Re-exports all of `@sinch-inbounds/core`, so one install is enough.
 */
export * from '@sinch-inbounds/core';

export { SinchInboundsModule } from './module/sinch-inbounds.module.js';
export {
  type SinchInboundsModuleAsyncOptions,
  type SinchInboundsModuleExtras,
  type SinchInboundsModuleForRootOptions,
  type SinchInboundsOptionsFactory,
} from './module/sinch-inbounds.module-definition.js';
export {
  DEFAULT_WEBHOOK_PATH,
  type SinchInboundsModuleOptions,
  type SinchReconcileModuleOptions,
  type SinchWebhookModuleOptions,
} from './options/sinch-inbounds-module-options.js';
export { OnSinchCallback, SINCH_CALLBACK_HANDLER_METADATA, type SinchCallbackMethod } from './handlers/on-sinch-callback.decorator.js';
export { SinchInboundsService } from './service/sinch-inbounds.service.js';
export { SinchClientNotConfiguredError } from './errors/sinch-client-not-configured.error.js';
export { SinchWebhookController } from './webhook/sinch-webhook.controller.js';
export {
  SINCH_INBOUNDS_CLIENT,
  SINCH_INBOUNDS_LOGGER,
  SINCH_INBOUNDS_MODULE_OPTIONS,
  SINCH_WEBHOOK_PATH,
  SINCH_WEBHOOK_RECEIVER,
} from './tokens.js';
export { createNestLogger } from './logging/nest-logger.js';
