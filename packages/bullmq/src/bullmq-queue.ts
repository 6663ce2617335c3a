import type { CallbackQueue, EnqueueResult, QueuedCallback } from '@sinch-inbounds/core';
import type { JobsOptions, Queue } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from './job-defaults.js';
import { jobIdOf } from './job-id.js';
import { jobReadersOf, type HeldJob, type JobLookup, type JobReader, type JobReaders } from './job-lookup.js';
import { DEPTH_FRESH_MS, QueueDepth } from './queue-depth.js';

/** Options of {@link bullmqQueue}. */
export interface BullmqQueueOptions {
  /**
   * Most jobs allowed to wait (waiting, delayed for a retry, prioritized). At or over
   * it, `enqueue` answers `full` and the webhook 429, so Sinch retries later and sends
   * more slowly, instead of the backlog growing until Redis runs out of memory. Default:
   * no limit. Size it from Redis's memory (about 1–2 kB per job) and from how long a
   * backlog may take to drain.
   *
   * The check rarely costs a round trip of its own: an enqueue decides on the last depth
   * read (read with the add when the connection is idle; at most {@link DEPTH_FRESH_MS}
   * ms old, else it reads first) plus this process's adds since.
   * So this process's own adds never take the queue past `maxDepth`, even at once; jobs
   * added elsewhere (other web processes, retries) count from its next read, so with
   * several web processes the queue may pass it by what the others add in between — a
   * few jobs each under load.
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
 *
 * On Redis, an enqueue that finds no other one waiting on Redis is one round trip: a
 * script that reads the job's id (and the depth, with `maxDepth`), and the add right
 * behind it on the same connection, which BullMQ makes a no-op when the id is taken.
 * While other enqueues are in flight it reads with BullMQ's `getJob`, then adds: two
 * round trips, but less CPU per callback under load.
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
  const depth = maxDepth === undefined ? undefined : new QueueDepth(maxDepth);
  let readers: Promise<JobReaders> | undefined;
  const readersOf = (): Promise<JobReaders> =>
    (readers ??= jobReadersOf(queue).catch((error: unknown) => {
      // Redis away before the first enqueue: ask again next time.
      readers = undefined;
      throw error;
    }));
  const add = (callback: QueuedCallback, jobId: string | undefined) => queue.add(callback.type, callback, jobId === undefined ? jobOptions : { ...jobOptions, jobId });
  const read = (reader: JobReader, jobId: string | undefined, withDepth: boolean): Promise<JobLookup> => {
    if (depth === undefined || !withDepth) return reader.read(jobId, false);
    const sent = depth.readSent();
    return reader.read(jobId, true).then((found) => {
      if (found.depth !== undefined) depth.counted(sent, found.depth);
      return found;
    });
  };
  /** Adds a job once there is room, keeping `depth` counting it. */
  const addIfRoom = async (callback: QueuedCallback, jobId: string | undefined): Promise<EnqueueResult> => {
    if (depth !== undefined && !depth.hasRoom()) return FULL;
    const settle = depth?.addSent();
    try {
      await add(callback, jobId);
    } catch (error) {
      settle?.(false);
      throw error;
    }
    settle?.(true);
    return ENQUEUED;
  };
  /**
   * A job with this id exists, so BullMQ ignores an add. Waiting, running or completed,
   * it answers for this copy (a duplicate). Two states are not handled callbacks, so a new
   * copy (reconcile, a redelivery) must run again: a dead letter is retried, as inline
   * reconcile retries what failed; a job that completed with no handler to run makes
   * room for a new one.
   */
  const answerFor = async (held: Exclude<HeldJob, 'absent'>, callback: QueuedCallback, jobId: string): Promise<EnqueueResult> => {
    if (held === 'queued') return ALREADY_QUEUED;
    if (held === 'dead_letter') {
      const deadLetter = await queue.getJob(jobId);
      if (deadLetter !== undefined) {
        // A fresh copy gets the full attempts again, with their backoff.
        await deadLetter.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return ENQUEUED;
      }
    } else {
      await queue.remove(jobId);
    }
    return addIfRoom(callback, jobId);
  };

  // Enqueues waiting on Redis. Two commands written back to back cost the web process
  // more CPU than one after the other once several callbacks are in flight (measured at
  // 64 connections: ~45 µs more per request, a quarter fewer req/s), and the script more
  // than BullMQ's getJob; a round trip saved matters when the connection is otherwise
  // idle. So: one round trip when idle, BullMQ's own reads when busy.
  let inFlight = 0;
  const enqueue = async (callback: QueuedCallback): Promise<EnqueueResult> => {
    const jobId = callback.dedupeKey === null ? undefined : jobIdOf(callback.dedupeKey);
    const { script, sequential } = await readersOf();
    const idle = script !== undefined && inFlight === 1;
    const depthRead = depth !== undefined && !depth.canAddUnread();
    if (!idle || depthRead) {
      // Read, then decide: two round trips (three when a busy enqueue reads the depth).
      const found = await read(idle ? script : sequential, jobId, depthRead);
      return found.job === 'absent' || jobId === undefined ? addIfRoom(callback, jobId) : answerFor(found.job, callback, jobId);
    }
    // The lookup is on the wire; the add goes right behind it and runs after it in Redis.
    const lookup = read(script, jobId, depth !== undefined);
    const settle = depth?.addSent();
    const [found, added] = await Promise.allSettled([lookup, add(callback, jobId)]);
    // Unsure whether the add made a job: count it until a later read tells.
    settle?.(added.status === 'fulfilled' && (found.status === 'rejected' || found.value.job === 'absent'));
    if (found.status === 'rejected') throw found.reason;
    if (added.status === 'rejected') throw added.reason;
    return found.value.job === 'absent' || jobId === undefined ? ENQUEUED : answerFor(found.value.job, callback, jobId);
  };

  return {
    async enqueue(callback: QueuedCallback): Promise<EnqueueResult> {
      inFlight++;
      try {
        return await enqueue(callback);
      } finally {
        inFlight--;
      }
    },
  };
}
