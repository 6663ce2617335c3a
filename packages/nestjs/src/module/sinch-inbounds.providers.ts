import type { Provider, Type } from '@nestjs/common';
import { createWebhookReceiver, InboundsClient, type Logger, type WebhookReceiver } from '@sinch-inbounds/core';
import { createNestLogger } from '../logging/nest-logger.js';
import { DEFAULT_WEBHOOK_PATH, type SinchInboundsModuleOptions } from '../options/sinch-inbounds-module-options.js';
import { processOnlyAuthentication } from './process-only-authentication.js';
import {
  SINCH_INBOUNDS_CLIENT,
  SINCH_INBOUNDS_LOGGER,
  SINCH_INBOUNDS_MODULE_OPTIONS,
  SINCH_PROCESS_ONLY,
  SINCH_WEBHOOK_PATH,
  SINCH_WEBHOOK_RECEIVER,
} from '../tokens.js';
import { setWebhookControllerPath, type SinchWebhookController } from '../webhook/sinch-webhook.controller.js';
import { inModuleTerms } from './webhook-authentication-error.js';

/** The logger every part of the module shares: the one given, else Nest's. */
export const loggerProvider: Provider = {
  provide: SINCH_INBOUNDS_LOGGER,
  useFactory: (options: SinchInboundsModuleOptions): Logger => options.logger ?? createNestLogger(),
  inject: [SINCH_INBOUNDS_MODULE_OPTIONS],
};

/**
 * Core's receiver, built from the `webhook` options (all but `path`, which is the route's).
 * A webhook without authentication fails here, while the module is built, so the app does
 * not start — unless the registration is `processOnly` (see {@link processOnlyAuthentication}).
 */
export const receiverProvider: Provider = {
  provide: SINCH_WEBHOOK_RECEIVER,
  useFactory: (options: SinchInboundsModuleOptions, logger: Logger, processOnly: boolean): WebhookReceiver => {
    const { path: _path, ...receiverOptions } = options.webhook ?? {};
    try {
      return createWebhookReceiver({ ...receiverOptions, ...(processOnly ? processOnlyAuthentication(receiverOptions) : {}), logger });
    } catch (error) {
      throw inModuleTerms(error);
    }
  },
  inject: [SINCH_INBOUNDS_MODULE_OPTIONS, SINCH_INBOUNDS_LOGGER, SINCH_PROCESS_ONLY],
};

/** Core's inbounds client when `client` options are given; `undefined` for a webhook-only setup. */
export const clientProvider: Provider = {
  provide: SINCH_INBOUNDS_CLIENT,
  useFactory: (options: SinchInboundsModuleOptions, logger: Logger): InboundsClient | undefined =>
    options.client === undefined ? undefined : new InboundsClient({ logger, ...options.client }),
  inject: [SINCH_INBOUNDS_MODULE_OPTIONS, SINCH_INBOUNDS_LOGGER],
};

/**
 * Resolves the webhook route from the options and gives it to this registration's
 * controller class. A provider, so that it runs once the options exist — also when they
 * come from `forRootAsync` — and before Nest maps routes at `app.init()`.
 */
export function webhookPathProvider(controller: Type<SinchWebhookController>): Provider {
  return {
    provide: SINCH_WEBHOOK_PATH,
    useFactory: (options: SinchInboundsModuleOptions): string => {
      const path = options.webhook?.path ?? DEFAULT_WEBHOOK_PATH;
      if (typeof path !== 'string') {
        throw new TypeError(`SinchInboundsModule: webhook.path must be a string, got ${typeof path}`);
      }
      setWebhookControllerPath(controller, path);
      return path;
    },
    inject: [SINCH_INBOUNDS_MODULE_OPTIONS],
  };
}
