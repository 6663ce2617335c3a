import type { Logger } from '../../logging/logger.js';
import type { DedupeStore } from '../dedupe/dedupe-store.js';
import type { ErrorReporter } from '../errors/error-reporter.js';
import { positive } from './option-numbers.js';
import type { WebhookReceiverOptions } from './options.js';
import { StoreHealth } from '../stores/store-health.js';
import { DedupePeeker } from '../queue/dedupe-peek.js';
import { QueueIntake } from '../queue/queue-intake.js';

/** What the receiver has resolved already and the intake shares with it. */
export interface QueueIntakeDeps {
  store: DedupeStore | undefined;
  storeTimeoutMs: number;
  /** The dedupe store's health tracker, shared with the dedupe gate: one outage, one log line. */
  dedupeHealth: StoreHealth;
  /** Where failures go: the `'error'` handlers, or the log. */
  reporter: ErrorReporter;
  logger: Logger;
  now: () => number;
}

/**
 * The receiver's {@link QueueIntake} for its `queue` option, or `undefined` without
 * one. Throws at creation for a queue without `enqueue` or an invalid
 * `enqueueTimeoutMs`, so a misconfiguration shows at start-up.
 */
export function queueIntakeOf(options: WebhookReceiverOptions, deps: QueueIntakeDeps): QueueIntake | undefined {
  const queue = options.queue;
  if (queue === undefined) return undefined;
  if (queue === null || typeof queue !== 'object' || typeof queue.enqueue !== 'function') {
    throw new TypeError('createWebhookReceiver: queue must have an enqueue() method (a CallbackQueue, e.g. bullmqQueue(queue) from @sinch-inbounds/bullmq)');
  }
  const timeoutMs = positive('enqueueTimeoutMs', options.enqueueTimeoutMs, deps.storeTimeoutMs);
  return new QueueIntake({
    queue,
    timeoutMs,
    peeker: deps.store === undefined ? undefined : new DedupePeeker(deps.store, deps.storeTimeoutMs, deps.dedupeHealth),
    health: new StoreHealth('queue', deps.logger, deps.now),
    reporter: deps.reporter,
    logger: deps.logger,
    now: deps.now,
  });
}
