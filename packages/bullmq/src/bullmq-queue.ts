import type { CallbackQueue, EnqueueResult, QueuedCallback } from '@sinch-inbounds/core';
import type { JobsOptions, Queue } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from './job-defaults.js';
import { jobIdOf } from './job-id.js';

/** Options of {@link bullmqQueue}. */
export interface BullmqQueueOptions {
  /**
   * Most jobs allowed to wait (waiting, delayed for a retry, prioritized). At or over
   * it, `enqueue` answers `full` and the webhook 429, so Sinch retries later and sends
   * more slowly, instead of the backlog growing until Redis runs out of memory. Default:
   * no limit. Size it from Redis's memory (about 1–2 kB per job) and from how long a
   * backlog may take to drain.
   */
  maxDepth?: number;
  /**
   * BullMQ job options, merged over {@link DEFAULT_JOB_OPTIONS} (`attempts`, `backoff`,
   * `removeOnComplete`, `removeOnFail`, `priority`, …). `jobId` is always derived from
   * the callback's dedupe key, and `delay` is not taken: the callback is due now.
   */
  jobOptions?: Omit<JobsOptions, 'jobId' | 'delay'>;
}

const ENQUEUED: EnqueueResult = Object.freeze({ type: 'enqueued' });
const ALREADY_QUEUED: EnqueueResult = Object.freeze({ type: 'already_queued' });
const FULL: EnqueueResult = Object.freeze({ type: 'full' });

/**
 * Core's `CallbackQueue` over a BullMQ `Queue` the app owns (and closes): pass it as
 * the receiver's `queue` option. Each callback becomes one job named after its type,
 * whose data is the callback as received (`QueuedCallback`) and whose id comes from its
 * dedupe key (see `jobIdOf`), so a second delivery of a callback whose job still exists
 * adds nothing (`already_queued`) — unless that job is a dead letter (it is retried) or
 * completed with no handler to run (it is replaced). `enqueue` resolves once Redis has the job — as
 * durable as Redis's persistence (see the README: AOF) — and rejects when Redis does
 * not answer, which the receiver turns into a 500 (Sinch redelivers).
 */
export function bullmqQueue(queue: Queue, options: BullmqQueueOptions = {}): CallbackQueue {
  if (queue === null || typeof queue !== 'object' || typeof queue.add !== 'function') {
    throw new TypeError('bullmqQueue: the first argument must be a BullMQ Queue');
  }
  const maxDepth = options.maxDepth;
  if (maxDepth !== undefined && (!Number.isInteger(maxDepth) || maxDepth < 1)) {
    throw new RangeError('bullmqQueue: maxDepth must be a positive integer');
  }
  const jobOptions: JobsOptions = { ...DEFAULT_JOB_OPTIONS, ...options.jobOptions };
  return {
    async enqueue(callback: QueuedCallback): Promise<EnqueueResult> {
      const jobId = callback.dedupeKey === null ? undefined : jobIdOf(callback.dedupeKey);
      const existing = jobId === undefined ? undefined : await queue.getJob(jobId);
      if (existing !== undefined) {
        // A job with this id exists: BullMQ would ignore the add. Waiting, running or
        // completed, it answers for this copy (a duplicate). Two states are not handled
        // callbacks, so a new copy (reconcile, a redelivery) must run again: a dead letter
        // is retried, as inline reconcile retries what failed; a job that completed with
        // no handler to run makes room for a new one.
        const state = await existing.getState();
        if (state === 'failed') {
          // A fresh copy gets the full attempts again, with their backoff.
          await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
          return ENQUEUED;
        }
        if (state !== 'completed' || existing.returnvalue !== 'unhandled') return ALREADY_QUEUED;
        await existing.remove();
      }
      if (maxDepth !== undefined && (await queue.count()) >= maxDepth) return FULL;
      await queue.add(callback.type, callback, jobId === undefined ? jobOptions : { ...jobOptions, jobId });
      return ENQUEUED;
    },
  };
}
