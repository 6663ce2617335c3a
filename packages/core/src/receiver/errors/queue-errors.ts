import type { QueuedCallbackFailure } from '../../diagnostics/queue-job-diagnostic.js';

/**
 * The receiver's `queue` failed to take an authenticated callback: `enqueue` rejected,
 * did not answer within `enqueueTimeoutMs`, or answered something that is not an
 * {@link EnqueueResult}. The callback was answered 500 — never 200 without a durable
 * job — so Sinch delivers it again; its raw bytes are kept here as well.
 */
export class WebhookQueueError extends Error {
  override readonly name = 'WebhookQueueError';
  /** Discriminator of `WebhookReceiverError`. */
  readonly kind = 'queue' as const;
  /** The callback's dedupe key, when it has one. */
  readonly key: string | undefined;
  /** The request body exactly as received. */
  readonly rawBody: Uint8Array;

  constructor(message: string, key: string | undefined, rawBody: Uint8Array, options?: { cause?: unknown }) {
    super(message, options);
    this.key = key;
    this.rawBody = rawBody;
  }
}

/**
 * The rejection of `receiver.process()`: the queued callback was not handled and wants
 * another attempt. The underlying failure (a handler's error, the store's) was already
 * reported to `'error'` handlers; it is also this error's `cause`. `reason`: a handler
 * threw (`handler_failed`) or did not settle in `handlerTimeoutMs` (`handler_timeout`);
 * no handler is registered for the type while `unhandledCallbacks` is `'retry'`
 * (`no_handler`); the dedupe store failed (`dedupe_store_failed`); another copy of the
 * same callback failed (`first_copy_failed`) or was still running after
 * `duplicateWaitMs` (`duplicate_wait_timeout`); or the queued callback cannot be read
 * by this version (`invalid_payload` — retrying cannot help; a queue may dead-letter it
 * at once).
 */
export class QueuedCallbackError extends Error {
  override readonly name = 'QueuedCallbackError';
  /** Why; see {@link QueuedCallbackFailure}. */
  readonly reason: QueuedCallbackFailure;
  /** The callback's `type` as queued. */
  readonly callbackType: string;
  /** The callback's dedupe key, when it has one. */
  readonly key: string | undefined;

  constructor(reason: QueuedCallbackFailure, callbackType: string, key: string | undefined, options?: { cause?: unknown }) {
    super(`a queued ${callbackType} callback was not handled (${reason}${causeText(options?.cause)}); the queue may run it again`, options);
    this.reason = reason;
    this.callbackType = callbackType;
    this.key = key;
  }
}

// The first cause's message goes into ours: a dead-letter list shows only the message.
function causeText(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return causeText(cause.errors[0]);
  if (cause instanceof Error) return `: ${cause.message}`;
  return cause === undefined ? '' : `: ${String(cause)}`;
}
