import type { InboundsClientOptions, Logger, ReconcileScheduleOptions, WebhookReceiverOptions } from '@sinch-inbounds/core';

/** Default route of the webhook controller, relative to the app's global prefix. */
export const DEFAULT_WEBHOOK_PATH = 'sinch/callbacks';

/**
 * The webhook side: where the controller listens and how callbacks are checked. Every
 * field but `path` is core's `createWebhookReceiver` option of the same name.
 */
export interface SinchWebhookModuleOptions extends Omit<WebhookReceiverOptions, 'logger'> {
  /**
   * Route of the webhook controller (default `'sinch/callbacks'`), under the app's global
   * prefix if it has one. Point your Sinch callback URL at it.
   */
  path?: string;
}

/**
 * The reconcile schedule: core's `scheduleReconcile` options (how to pick the interval
 * and the window is explained there). `logger` and `signal` come from the module.
 */
export type SinchReconcileModuleOptions = Pick<ReconcileScheduleOptions, 'intervalMs' | 'windowMs' | 'runAtStart' | 'onReport' | 'onError'>;

/** Options of `SinchInboundsModule.forRoot()` / the factory of `forRootAsync()`. */
export interface SinchInboundsModuleOptions {
  /**
   * Credentials and settings of core's `InboundsClient`, for `SinchInboundsService`'s
   * `list` / `pages` / `iterate` / `get`. Optional: the webhook works without them.
   */
  client?: InboundsClientOptions;
  /**
   * The webhook controller and its checks. `secret` (or `basicAuth`) is required: without
   * either the app does not start, unless `dangerouslyAllowUnauthenticated: true`.
   */
  webhook?: SinchWebhookModuleOptions;
  /**
   * Reconcile on a schedule: read the inbounds API back every `intervalMs` over the last
   * `windowMs` (default every hour, over 23 h) and hand what webhooks missed to the same
   * handlers, each message once. `true` takes the defaults. Starts once the app is
   * listening (never for an app that only `init()`s), stops when it shuts down. Needs
   * `client`. Off by default; `SinchInboundsService.reconcile()` runs it on demand either way.
   */
  reconcile?: boolean | SinchReconcileModuleOptions;
  /** Where the receiver and the client report (default: Nest's logger, context `SinchInbounds`). */
  logger?: Logger;
}
