/**
 * The message of the `sinch-inbounds:reconcile` tracing channel: one object per
 * `receiver.reconcile()` run. Empty at `start`; before `asyncEnd` the run's counts are
 * copied in from its report. A run that throws (aborted, or the inbounds API failed
 * after retries) ends with `error` set instead, on the `error` channel. The client
 * requests and handler runs of the run are traced inside it, so a tracer nests them.
 * Never carries a message or any of its ids.
 */
export interface ReconcileDiagnostic {
  /** Start of the window read back. */
  since?: Date;
  /** End of the window, when one was given. */
  until?: Date;
  /** Items the inbounds API returned. */
  seen?: number;
  /** Handled by every handler. */
  handled?: number;
  /** Handled before (by webhook, an earlier run, another instance), or already queued. */
  duplicates?: number;
  /** Sent to the receiver's queue (with the `queue` option) for a worker to handle. */
  queued?: number;
  /** Of a type no handler is registered for. */
  unhandled?: number;
  /** A handler threw or timed out. */
  failed?: number;
  /** Not handled for another reason (store failure, another copy failed, aborted). */
  deferred?: number;
  /** Could not be read. */
  unreadable?: number;
  /** How long the run took, in ms. */
  durationMs?: number;
  /** What the run threw, on the `error` channel (set by `diagnostics_channel`). */
  error?: unknown;
}
