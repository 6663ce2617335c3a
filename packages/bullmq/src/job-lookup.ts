import type { Queue } from 'bullmq';

/**
 * What BullMQ holds under a callback's job id: nothing (`absent`); a dead letter, left in
 * the failed set (`dead_letter`); a job that completed with no handler to run
 * (`unhandled`); or any other job — waiting, delayed for a retry, running, or completed
 * by its handlers (`queued`).
 */
export type HeldJob = 'absent' | 'dead_letter' | 'unhandled' | 'queued';

/** A {@link JobReader}'s answer: the job, and the queue's depth when it was asked for (as `Queue.count()` counts it). */
export interface JobLookup {
  readonly job: HeldJob;
  readonly depth: number | undefined;
}

/** Reads a callback's job and the queue's depth. */
export interface JobReader {
  /**
   * True when `read` has sent its commands when it returns, on the connection BullMQ adds
   * jobs on: an add sent next runs after the read in Redis and rides the same round trip.
   */
  readonly pipelined: boolean;
  /** What BullMQ holds under `jobId` (`absent` without an id), and the depth when `withDepth`. */
  read(jobId: string | undefined, withDepth: boolean): Promise<JobLookup>;
}

/** The Redis commands a {@link JobReader} sends: in every client adapter BullMQ 6 has. */
interface RedisReads {
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  zscore(key: string, member: string): Promise<string | null>;
  llen(key: string): Promise<number>;
  zcard(key: string): Promise<number>;
}

/**
 * The reader for `queue`: on Redis, plain commands sent at once on the queue's own
 * connection (no script: a script Redis has forgotten is sent again after a NOSCRIPT
 * error, which would run it after the add it must precede); on another backend (BullMQ
 * 6 also runs on Postgres), `getJob`, `getState` and `count`, one after the other.
 */
export async function jobReaderOf(queue: Queue): Promise<JobReader> {
  const client = await redisClientOf(queue);
  return client === undefined ? sequentialReader(queue) : redisReader(queue, client);
}

function redisReader(queue: Queue, client: RedisReads): JobReader {
  const key = (type: string): string => queue.toKey(type);
  return {
    pipelined: true,
    read(jobId, withDepth) {
      // Every BullMQ job hash has a timestamp; completed and failed are the sets getState reads.
      const job = jobId === undefined ? undefined : Promise.all([client.hmget(key(jobId), 'timestamp', 'returnvalue'), client.zscore(key('failed'), jobId), client.zscore(key('completed'), jobId)]);
      // What Queue.count() counts: waiting, delayed, prioritized, waiting-children.
      const depth = withDepth ? Promise.all([client.llen(key('wait')), client.zcard(key('delayed')), client.zcard(key('prioritized')), client.zcard(key('waiting-children'))]) : undefined;
      return Promise.all([job, depth]).then(([held, counts]) => ({
        job: held === undefined ? 'absent' : heldJob(held[0][0] !== null, held[1] !== null, held[2] !== null, held[0][1]),
        depth: counts?.reduce((sum, count) => sum + Number(count), 0),
      }));
    },
  };
}

function sequentialReader(queue: Queue): JobReader {
  return {
    pipelined: false,
    async read(jobId, withDepth) {
      const existing = jobId === undefined ? undefined : await queue.getJob(jobId);
      if (existing !== undefined) {
        const state = await existing.getState();
        return { job: heldJob(true, state === 'failed', state === 'completed', JSON.stringify(existing.returnvalue)), depth: undefined };
      }
      return { job: 'absent', depth: withDepth ? await queue.count() : undefined };
    },
  };
}

function heldJob(exists: boolean, failed: boolean, completed: boolean, returnvalue: string | null | undefined): HeldJob {
  if (!exists) return 'absent';
  if (failed) return 'dead_letter';
  // BullMQ stores the processor's return value as JSON.
  return completed && returnvalue === '"unhandled"' ? 'unhandled' : 'queued';
}

/** The queue's Redis connection when it runs on Redis and has the commands a reader sends. */
async function redisClientOf(queue: Queue): Promise<RedisReads | undefined> {
  const backend: unknown = queue.getBackend();
  if (typeof backend !== 'object' || backend === null || !('client' in backend)) return undefined;
  const client: unknown = await (backend as { client: unknown }).client;
  if (typeof client !== 'object' || client === null) return undefined;
  const reads = client as Partial<Record<keyof RedisReads, unknown>>;
  const complete = typeof reads.hmget === 'function' && typeof reads.zscore === 'function' && typeof reads.llen === 'function' && typeof reads.zcard === 'function';
  return complete ? (client as RedisReads) : undefined;
}
