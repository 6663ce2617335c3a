import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SinchCallbackExplorer } from '../handlers/sinch-callback.explorer.js';
import { SinchReconcileScheduler } from '../reconcile/sinch-reconcile.scheduler.js';
import { SinchInboundsService } from '../service/sinch-inbounds.service.js';
import { SINCH_INBOUNDS_CLIENT, SINCH_WEBHOOK_PATH, SINCH_WEBHOOK_RECEIVER } from '../tokens.js';
import { RawBodyCheck } from '../webhook/raw-body-check.js';
import { createWebhookController } from '../webhook/sinch-webhook.controller.js';
import {
  ConfigurableSinchInboundsModule,
  type SinchInboundsModuleAsyncOptions,
  type SinchInboundsModuleExtras,
  type SinchInboundsModuleForRootOptions,
} from './sinch-inbounds.module-definition.js';
import { clientProvider, loggerProvider, receiverProvider, webhookPathProvider } from './sinch-inbounds.providers.js';

/**
 * Sinch inbound SMS for NestJS: a verified webhook controller, `@OnSinchCallback`
 * handlers on any provider, and `SinchInboundsService` (the inbounds REST API and
 * `inbound$`). Import it once with `forRoot` or `forRootAsync`; create the app with
 * `rawBody: true` so signatures can be checked (without it the app does not start), and
 * give it a `webhook.secret` (without one, or `basicAuth`, the app does not start either).
 * A queue worker that serves no webhook registers it with `processOnly: true` instead.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     ConfigModule.forRoot(),
 *     SinchInboundsModule.forRootAsync({
 *       imports: [ConfigModule],
 *       inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({
 *         webhook: { secret: config.getOrThrow('SINCH_WEBHOOK_SECRET') },
 *       }),
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    loggerProvider,
    receiverProvider,
    clientProvider,
    SinchInboundsService,
    SinchCallbackExplorer,
    SinchReconcileScheduler,
  ],
  exports: [SinchInboundsService, SINCH_WEBHOOK_RECEIVER, SINCH_INBOUNDS_CLIENT],
})
export class SinchInboundsModule extends ConfigurableSinchInboundsModule {
  /** Registers the module with options known up front. */
  static override forRoot(options: SinchInboundsModuleForRootOptions): DynamicModule {
    return withWebhookUnlessProcessOnly(super.forRoot(options), options);
  }

  /** Registers the module with options built by a factory, a class or an existing provider (e.g. from `ConfigService`). */
  static override forRootAsync(options: SinchInboundsModuleAsyncOptions): DynamicModule {
    return withWebhookUnlessProcessOnly(super.forRootAsync(options), options);
  }
}

/**
 * Adds this registration's own controller class, the provider that sets its route and
 * the `rawBody` check — all of it left out of a `processOnly` registration, which serves
 * no webhook (known here, before any factory runs, because it is an extra).
 */
function withWebhookUnlessProcessOnly(definition: DynamicModule, extras: SinchInboundsModuleExtras): DynamicModule {
  if (extras.processOnly === true) return definition;
  const controller = createWebhookController();
  return {
    ...definition,
    controllers: [...(definition.controllers ?? []), controller],
    providers: [...(definition.providers ?? []), webhookPathProvider(controller), RawBodyCheck],
    exports: [...(definition.exports ?? []), SINCH_WEBHOOK_PATH],
  };
}
