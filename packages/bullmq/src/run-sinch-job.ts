import { QueuedCallbackError, type ProcessOutcome, type QueuedCallback, type WebhookReceiver } from '@sinch-inbounds/core';
import { UnrecoverableError, type Job } from 'bullmq';

/**
 * Runs one BullMQ job of the Sinch queue through the receiver (what startSinchWorker's
 * processor does): `receiver.process()` with the job's attempt, so the receiver's
 * handlers, dedupe store, handler timeout, diagnostics and `'error'` handlers apply
 * exactly as on the inline path. Use it as the body of a processor you own — an
 * `@nestjs/bullmq` `WorkerHost.process(job)`, or a `Worker` built by hand.
 *
 * A handler that throws rejects it, so BullMQ retries the job with its attempts and
 * backoff (then dead-letters it); data this version cannot read rejects with BullMQ's
 * `UnrecoverableError`, so the job is dead-lettered at once, without retries.
 *
 * @returns the outcome's type (`handled`, `duplicate`, `unhandled`, …), which BullMQ
 *   keeps as the job's return value.
 */
export async function runSinchJob(receiver: WebhookReceiver, job: Job<QueuedCallback>): Promise<ProcessOutcome['type']> {
  try {
    // attemptsMade counts the runs that failed before this one.
    return (await receiver.process(job.data, { attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 })).type;
  } catch (error) {
    // Data no version of the handlers can read: retrying cannot help, dead-letter it now.
    if (error instanceof QueuedCallbackError && error.reason === 'invalid_payload') throw new UnrecoverableError(error.message);
    throw error;
  }
}
