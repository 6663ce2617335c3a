/**
 * The message of the `sinch-inbounds:handler` tracing channel: one object per callback
 * handed to the `on()` handlers (every handler interested in it, one after the other).
 * `error` (on the `error` channel) is what the first failing handler threw; the trace
 * then ends with `failedHandlers` set. Never carries the callback itself.
 */
export interface HandlerDiagnostic {
  /** The callback's `type`. */
  readonly callbackType: string;
  /** How it came: a webhook request, or a `receiver.reconcile()` run reading the inbounds API. */
  readonly source: 'webhook' | 'reconcile';
  /** The message id (MO), batch id (delivery reports) or `id` of an unknown type, when it has one. */
  readonly callbackId: string | undefined;
  /** How many handlers threw; set before `asyncEnd` (0 when all succeeded). */
  failedHandlers?: number;
  /** How long the handlers took, in milliseconds; set before `asyncEnd`. */
  durationMs?: number;
  /** The first handler error, on the `error` channel (set by `diagnostics_channel`). */
  error?: unknown;
}
