import type { TracingChannel } from 'node:diagnostics_channel';
import type { ClientRequestDiagnostic } from './client-request-diagnostic.js';
import type { HandlerDiagnostic } from './handler-diagnostic.js';
import type { QueueJobDiagnostic } from './queue-job-diagnostic.js';
import type { ReconcileDiagnostic } from './reconcile-diagnostic.js';
import type { WebhookDiagnostic } from './webhook-diagnostic.js';

// The web build has no node:diagnostics_channel (workerd without nodejs_compat, browsers):
// its channels never have subscribers, so every caller takes its untraced path and no
// message is ever built. Only the type comes from Node, and it is erased.
const silent = { hasSubscribers: false } as TracingChannel<unknown, never>;

/** Never has subscribers in the web build. */
export const webhookChannel = silent as TracingChannel<unknown, WebhookDiagnostic>;
/** Never has subscribers in the web build. */
export const handlerChannel = silent as TracingChannel<unknown, HandlerDiagnostic>;
/** Never has subscribers in the web build. */
export const clientRequestChannel = silent as TracingChannel<unknown, ClientRequestDiagnostic>;
/** Never has subscribers in the web build. */
export const reconcileChannel = silent as TracingChannel<unknown, ReconcileDiagnostic>;
/** Never has subscribers in the web build. */
export const queueJobChannel = silent as TracingChannel<unknown, QueueJobDiagnostic>;

/** Runs `run` untraced: there is no one to publish to. Failures it recovers from are dropped. */
export function traced<M extends object, T>(
  _channel: TracingChannel<unknown, M>,
  _message: M,
  run: (fail: (error: unknown) => void) => Promise<T>,
): Promise<T> {
  return run(() => {});
}
