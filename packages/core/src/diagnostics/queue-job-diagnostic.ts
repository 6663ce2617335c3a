/**
 * Why a queued callback was not handled and wants another attempt; see
 * `QueuedCallbackError.reason`.
 */
export type QueuedCallbackFailure =
  | 'handler_failed'
  | 'handler_timeout'
  | 'no_handler'
  | 'dedupe_store_failed'
  | 'first_copy_failed'
  | 'duplicate_wait_timeout'
  | 'invalid_payload';

/**
 * How one run of a queued callback ended, for the queue: `completed` (handled, or no
 * handler under `unhandledCallbacks: 'acknowledge'`); `duplicate` (handled before,
 * handlers not run); `retried` (failed, and the queue has attempts left, or did not say);
 * `dead_lettered` (failed on its last attempt, or unreadable: it stays in the queue's
 * dead-letter store).
 */
export type QueueJobOutcome = 'completed' | 'duplicate' | 'retried' | 'dead_lettered';

/**
 * The message of the `sinch-inbounds:queue:job` tracing channel: one object per
 * `receiver.process()` call (one run of one job). Known at `start`: `source`, `attempt`
 * and `waitMs`; the rest is filled in before `asyncEnd`. The handler trace of the run
 * nests inside it. Never carries a body, a number or any secret.
 */
export interface QueueJobDiagnostic {
  /** How the callback reached the queue: a webhook or `reconcile()`. */
  readonly source: 'webhook' | 'reconcile';
  /** This run's attempt, from 1, when the queue said (`process(queued, { attempt })`). */
  readonly attempt: number | undefined;
  /** Time from acceptance (`receivedAt`) to this run's start, in ms. */
  readonly waitMs: number;
  /** The callback's `type`, once read. */
  callbackType?: string;
  /** The message id (MO), batch id (delivery reports) or `id` of an unknown type, once read. */
  callbackId?: string;
  /** How the run ended; set before `asyncEnd`. */
  outcome?: QueueJobOutcome;
  /** Why, when `outcome` is `retried` or `dead_lettered`. */
  reason?: QueuedCallbackFailure;
  /** What `process()` rejected with, on the `error` channel (set by `diagnostics_channel`). */
  error?: unknown;
}
