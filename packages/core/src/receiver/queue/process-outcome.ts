/**
 * How `receiver.process()` ended for one queued callback, when it did not reject:
 * `handled` by every handler; a `duplicate` of one handled before (handlers not run —
 * a second job for one callback, or a re-run of a job whose first run succeeded); or
 * `unhandled` — no handler is registered for its type and `unhandledCallbacks` is
 * `'acknowledge'` (not remembered as handled).
 */
export interface ProcessOutcome {
  /** What happened; see {@link ProcessOutcome}. */
  readonly type: 'handled' | 'duplicate' | 'unhandled';
  /** The callback's `type`. */
  readonly callbackType: string;
  /** The dedupe key the store saw, when the callback has one and dedupe is on. */
  readonly key: string | undefined;
}

/**
 * What a queue can tell `receiver.process()` about the run, so the
 * `sinch-inbounds:queue:job` diagnostic can say whether a failure is retried or
 * dead-lettered. Both from 1: BullMQ's `job.attemptsMade + 1` and `job.opts.attempts`,
 * SQS's receive count and the redrive policy's `maxReceiveCount`.
 */
export interface ProcessOptions {
  /** This run's attempt, from 1. */
  readonly attempt: number;
  /** The attempts the queue makes before it dead-letters the job. */
  readonly maxAttempts: number;
}
