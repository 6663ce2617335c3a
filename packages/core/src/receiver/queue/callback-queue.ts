/**
 * One authenticated callback as the webhook received it, ready to be queued and run
 * later by `receiver.process()`, in this process or another. Plain JSON: every field
 * survives any queue's serialisation. It carries the body exactly as received, not a
 * parsed object, so a callback of a type this version does not know loses nothing on
 * its way through the queue, and a newer worker can read what an older web process took.
 */
export interface QueuedCallback {
  /** The callback's `type` as received (`mo_text`, `delivery_report_sms`, or one this library does not know). */
  readonly type: string;
  /** The request body exactly as received, as UTF-8 text (Sinch's callbacks are JSON). */
  readonly body: string;
  /**
   * The callback's dedupe key (see `dedupeKeyOf`), or `null` when it has none. A queue
   * may derive its job id from it; the worker derives the key from `body` again, so the
   * dedupe store sees the same key either way.
   */
  readonly dedupeKey: string | null;
  /** How it arrived: Sinch posted it (`'webhook'`) or `receiver.reconcile()` read it back (`'reconcile'`). */
  readonly source: 'webhook' | 'reconcile';
  /** When it was accepted, epoch ms (for queue wait time). */
  readonly receivedAt: number;
  /**
   * How far the signature timestamp was ahead of the receiving clock, in ms (0 when not
   * ahead): the worker remembers a success that much longer, as the inline path does.
   */
  readonly signedAheadMs: number;
}

/**
 * What a {@link CallbackQueue} says about an enqueue: the callback is now durably
 * `enqueued`; a job for the same callback is `already_queued` (nothing added, the
 * existing one stands); or the queue is `full` (over the depth it was configured with —
 * answered 429, so Sinch retries and slows down).
 */
export type EnqueueResult = { readonly type: 'enqueued' } | { readonly type: 'already_queued' } | { readonly type: 'full' };

/**
 * Where the receiver hands authenticated callbacks when given the `queue` option,
 * instead of running the handlers in the request. A worker takes them out and runs
 * each through `receiver.process()`.
 *
 * The contract: `enqueue` resolves only once the callback is durable (a crash of this
 * process right after must not lose it), because the webhook answers 200 on that and
 * Sinch then forgets the callback. Reject (or hang past the receiver's
 * `enqueueTimeoutMs`) on any doubt: the callback is answered 500 and Sinch delivers it
 * again. Enqueueing the same callback twice may add two jobs — the dedupe store runs
 * the handlers once — but a queue that can tell (a job id from `dedupeKey`) should
 * answer `already_queued`. Nothing here is specific to one queue: BullMQ
 * (`@sinch-inbounds/bullmq`), SQS, Pub/Sub or a database table fit the same shape.
 */
export interface CallbackQueue {
  /** Durably adds one callback; see {@link CallbackQueue}. */
  enqueue(callback: QueuedCallback): Promise<EnqueueResult>;
}
