import type { WebhookDiagnostic, WebhookFailureReason } from '../../diagnostics/webhook-diagnostic.js';
import type { Logger } from '../../logging/logger.js';
import { platformBytes } from '../../platform/bytes.js';
import type { SinchCallback } from '../../types/callback.js';
import { dedupeKeyOf } from '../dedupe/dedupe-key.js';
import { WebhookDedupeError } from '../errors/errors.js';
import type { ErrorReporter } from '../errors/error-reporter.js';
import { webhookResponse, type WebhookOutcome, type WebhookResponse } from '../http/response.js';
import type { StoreHealth } from '../stores/store-health.js';
import { withStoreTimeout } from '../stores/store-timeout.js';
import type { CallbackQueue, EnqueueResult, QueuedCallback } from './callback-queue.js';
import type { DedupePeeker } from './dedupe-peek.js';
import { WebhookQueueError } from '../errors/queue-errors.js';

/** Everything the intake needs, resolved from the receiver options. */
export interface QueueIntakeConfig {
  queue: CallbackQueue;
  /** Longest wait for `enqueue`, in ms. */
  timeoutMs: number;
  /** Asks the dedupe store whether a key is handled already; `undefined` with dedupe off. */
  peeker: DedupePeeker | undefined;
  /** Told whether each enqueue answered, so an outage is logged once. */
  health: StoreHealth;
  /** Where failures go: the `'error'` handlers, or the log. */
  reporter: ErrorReporter;
  logger: Logger;
  now: () => number;
}

const ENQUEUE_RESULTS: ReadonlySet<unknown> = new Set<EnqueueResult['type']>(['enqueued', 'already_queued', 'full']);

/**
 * How an intake went: the queue's own answer (`enqueued`, `already_queued`, `full`); a
 * `duplicate` the dedupe store remembers as handled (no job); or not queued because the
 * dedupe store (`store_failed`) or the queue (`queue_failed`) failed.
 */
export type IntakeOutcome = EnqueueResult['type'] | 'duplicate' | 'store_failed' | 'queue_failed';

const RESPONSE: Readonly<Record<IntakeOutcome, WebhookOutcome>> = {
  enqueued: 'accepted',
  already_queued: 'duplicate',
  duplicate: 'duplicate',
  full: 'queue_full',
  store_failed: 'internal_error',
  queue_failed: 'internal_error',
};

const FAILURE_REASON: Readonly<Record<'full' | 'store_failed' | 'queue_failed', WebhookFailureReason>> = {
  full: 'queue_full',
  store_failed: 'dedupe_store_failed',
  queue_failed: 'queue_failed',
};

/**
 * The webhook path with a queue: an authenticated, parsed callback is answered once
 * its fate is durable — 200 once enqueued (or already queued, or handled before: a
 * duplicate, no second job), 429 when the queue is full (Sinch retries and slows down),
 * 500 when the queue or the dedupe store fails or times out (Sinch retries). The
 * handlers run later, in a worker, through `receiver.process()`.
 */
export class QueueIntake {
  readonly #c: QueueIntakeConfig;
  #full = false;

  constructor(config: QueueIntakeConfig) {
    this.#c = config;
  }

  /** Queues `callback` (whose raw bytes are `body`) and answers for it. Never rejects. `diagnostic` has the callback's type and id already. */
  async accept(
    callback: SinchCallback,
    body: Uint8Array,
    signedAheadMs: number,
    source: QueuedCallback['source'],
    diagnostic: WebhookDiagnostic | undefined,
  ): Promise<WebhookResponse> {
    const outcome = await this.enqueue(callback, body, signedAheadMs, source);
    if (diagnostic !== undefined) {
      if (outcome === 'duplicate' || outcome === 'already_queued') diagnostic.duplicate = true;
      else if (outcome !== 'enqueued') diagnostic.reason = FAILURE_REASON[outcome];
    }
    return webhookResponse(RESPONSE[outcome]);
  }

  /**
   * Queues `callback` unless the dedupe store remembers it as handled, and says how it
   * went; failures are reported to `'error'` handlers here. Never rejects. The webhook
   * path maps the outcome onto a status; reconcile counts it.
   */
  async enqueue(callback: SinchCallback, body: Uint8Array, signedAheadMs: number, source: QueuedCallback['source']): Promise<IntakeOutcome> {
    const c = this.#c;
    const key = dedupeKeyOf(callback);
    if (key !== undefined && c.peeker !== undefined) {
      try {
        if ((await c.peeker.peek(key)) === 'done') {
          c.logger.debug('sinch webhook: duplicate callback acknowledged without queueing it', { key });
          return 'duplicate';
        }
      } catch (error) {
        await c.reporter.report(
          new WebhookDedupeError('sinch webhook: the dedupe store failed; answered 500 so Sinch redelivers', key, body, { cause: error }),
          false,
        );
        return 'store_failed';
      }
    }
    const queued: QueuedCallback = {
      type: callback.type,
      // Authenticated bytes that parsed as JSON are valid UTF-8.
      body: platformBytes.decodeUtf8(body) ?? '',
      dedupeKey: key ?? null,
      source,
      receivedAt: c.now(),
      signedAheadMs,
    };
    let result: unknown;
    try {
      result = await withStoreTimeout(c.queue.enqueue(queued), c.timeoutMs, 'queue.enqueue()');
    } catch (error) {
      return this.#failed(key, body, error);
    }
    const type = typeof result === 'object' && result !== null ? (result as { type?: unknown }).type : undefined;
    if (!ENQUEUE_RESULTS.has(type)) {
      return this.#failed(key, body, new TypeError(`queue.enqueue() must resolve to { type: 'enqueued' | 'already_queued' | 'full' }, got ${String(type)}`));
    }
    c.health.answered();
    this.#noteFull(type === 'full');
    return type as EnqueueResult['type'];
  }

  /**
   * Logs a full queue once when it fills and once when it takes callbacks again: under
   * backpressure every callback is a 429, and a line each would bury everything else.
   */
  #noteFull(full: boolean): void {
    if (full === this.#full) return;
    this.#full = full;
    if (full) this.#c.logger.warn('sinch queue: the queue is full; webhooks are answered 429 (Sinch retries later and slows down) until it has room');
    else this.#c.logger.info('sinch queue: the queue takes callbacks again');
  }

  async #failed(key: string | undefined, body: Uint8Array, error: unknown): Promise<IntakeOutcome> {
    const c = this.#c;
    c.health.failed(error);
    await c.reporter.report(
      new WebhookQueueError('sinch webhook: the queue did not take the callback; answered 500 so Sinch redelivers', key, body, { cause: error }),
      // Logged once per outage by the health tracker.
      false,
    );
    return 'queue_failed';
  }
}
