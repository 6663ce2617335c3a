import { tracingChannel, type TracingChannel } from 'node:diagnostics_channel';
import { DIAGNOSTICS_CHANNELS } from './channel-names.js';
import type { ClientRequestDiagnostic } from './client-request-diagnostic.js';
import type { HandlerDiagnostic } from './handler-diagnostic.js';
import type { QueueJobDiagnostic } from './queue-job-diagnostic.js';
import type { ReconcileDiagnostic } from './reconcile-diagnostic.js';
import type { WebhookDiagnostic } from './webhook-diagnostic.js';

// Created once: looking a channel up per publish is what diagnostics_channel's docs warn against.

/** Publishes {@link WebhookDiagnostic}s. */
export const webhookChannel: TracingChannel<unknown, WebhookDiagnostic> = tracingChannel(DIAGNOSTICS_CHANNELS.webhook);
/** Publishes {@link HandlerDiagnostic}s. */
export const handlerChannel: TracingChannel<unknown, HandlerDiagnostic> = tracingChannel(DIAGNOSTICS_CHANNELS.handler);
/** Publishes {@link ClientRequestDiagnostic}s. */
export const clientRequestChannel: TracingChannel<unknown, ClientRequestDiagnostic> = tracingChannel(
  DIAGNOSTICS_CHANNELS.clientRequest,
);

/** Publishes {@link ReconcileDiagnostic}s. */
export const reconcileChannel: TracingChannel<unknown, ReconcileDiagnostic> = tracingChannel(DIAGNOSTICS_CHANNELS.reconcile);

/** Publishes {@link QueueJobDiagnostic}s. */
export const queueJobChannel: TracingChannel<unknown, QueueJobDiagnostic> = tracingChannel(DIAGNOSTICS_CHANNELS.queueJob);

/**
 * Runs `run` in a trace of `channel` (start/end, then asyncStart/asyncEnd, with any
 * store a subscriber bound to `start` active inside) and returns what it returns. `run`
 * may report a failure it recovered from with `fail(error)`: that is published on the
 * `error` channel while the caller still gets `run`'s value. The channel's `result` is
 * never set, so no response or body leaks into it.
 *
 * Callers check `channel.hasSubscribers` first: with nobody listening, the message
 * object is not even built.
 */
export async function traced<M extends object, T>(
  channel: TracingChannel<unknown, M>,
  message: M,
  run: (fail: (error: unknown) => void) => Promise<T>,
): Promise<T> {
  let value!: T;
  let completed = false;
  try {
    await channel.tracePromise(async () => {
      let failed = false;
      let failure: unknown;
      value = await run((error) => {
        failed = true;
        failure = error;
      });
      completed = true;
      if (failed) throw failure;
    }, message);
  } catch (error) {
    if (!completed) throw error;
  }
  return value;
}
