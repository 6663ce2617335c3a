import type { JobsOptions } from 'bullmq';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The job options `bullmqQueue` adds callbacks with, unless overridden:
 *
 * - `attempts: 10`, `backoff: exponential from 1 s` — a handler that fails is tried
 *   again after 1 s, 2 s, 4 s … (about 8.5 min over all ten), then the job stays in
 *   BullMQ's failed set: the dead-letter queue.
 * - `removeOnComplete: { age: 24 h }` — a completed job (and so its id) is kept as long
 *   as the receiver's default dedupe memory (`dedupeTtlMs`, 24 h, about as long as Sinch
 *   retries). While it is kept, BullMQ refuses a second job with the same id, so a late
 *   copy of the callback cannot come back in as a new job even if the dedupe store lost
 *   its key; after that the dedupe store alone answers it as a duplicate. Raise it with
 *   `dedupeTtlMs`; lower it only to save Redis memory (about 1–2 kB per callback).
 * - `removeOnFail: false` — dead letters are kept until you retry or remove them: they
 *   are callbacks Sinch will not send again.
 */
export const DEFAULT_JOB_OPTIONS: Readonly<JobsOptions> = Object.freeze({
  attempts: 10,
  backoff: Object.freeze({ type: 'exponential', delay: 1000 }),
  removeOnComplete: Object.freeze({ age: DAY_SECONDS }),
  removeOnFail: false,
});
