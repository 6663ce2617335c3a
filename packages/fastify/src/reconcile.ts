import type { FastifyInstance } from 'fastify';
import { scheduleReconcile, type ReconcileScheduleOptions, type ReconcileSource, type WebhookReceiver } from '@sinch-inbounds/core';

/** The `reconcile` option of the plugin: where to read inbounds back from, and core's schedule options. */
export interface SinchReconcilePluginOptions extends Omit<ReconcileScheduleOptions, 'signal'> {
  /** What to read back: your `InboundsClient`. */
  source: ReconcileSource;
}

/**
 * Runs core's `scheduleReconcile` while the app is up: started once it listens (an app
 * that is only `ready()`ed or `inject()`ed in a test never reads the API, and webhooks
 * are received before the first run), stopped — a run in progress aborted and awaited —
 * when it closes.
 */
export function startReconcile(app: FastifyInstance, receiver: WebhookReceiver, options: SinchReconcilePluginOptions): void {
  const { source, ...schedule } = options;
  let stop: (() => Promise<void>) | undefined;
  let closed = false;
  app.addHook('onListen', async () => {
    if (!closed && stop === undefined) stop = scheduleReconcile(receiver, source, schedule);
  });
  app.addHook('onClose', async () => {
    closed = true;
    await stop?.();
  });
}
