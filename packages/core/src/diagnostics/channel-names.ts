/**
 * The names of the tracing channels core publishes on (`node:diagnostics_channel`).
 * They are public API: subscribe with `diagnostics_channel.tracingChannel(name)`. Each
 * name gives the five channels of a tracing channel, e.g.
 * `tracing:sinch-inbounds:webhook:start` … `:asyncEnd` and `:error`.
 *
 * - `webhook`: one trace per request the webhook receiver answers
 *   ({@link WebhookDiagnostic}).
 * - `handler`: one trace per callback handed to the `on()` handlers
 *   ({@link HandlerDiagnostic}).
 * - `clientRequest`: one trace per HTTP attempt of the inbounds client, retries
 *   included ({@link ClientRequestDiagnostic}).
 * - `reconcile`: one trace per `receiver.reconcile()` run ({@link ReconcileDiagnostic}).
 * - `queueJob`: one trace per queued callback run by `receiver.process()`
 *   ({@link QueueJobDiagnostic}).
 */
export const DIAGNOSTICS_CHANNELS = {
  webhook: 'sinch-inbounds:webhook',
  handler: 'sinch-inbounds:handler',
  clientRequest: 'sinch-inbounds:client:request',
  reconcile: 'sinch-inbounds:reconcile',
  queueJob: 'sinch-inbounds:queue:job',
} as const;

/** One of the {@link DIAGNOSTICS_CHANNELS} names. */
export type DiagnosticsChannelName = (typeof DIAGNOSTICS_CHANNELS)[keyof typeof DIAGNOSTICS_CHANNELS];
