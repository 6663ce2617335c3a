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

/** What a {@link JobReader} needs of BullMQ's client adapters (ioredis, node-redis, …): its own script. */
interface ScriptClient {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  runCommand(name: string, args: (string | number)[]): Promise<unknown>;
}

// The job, as BullMQ's add checks it (EXISTS) and getState reads it (the completed and
// failed sets); and the depth as Queue.count() counts it. One command: the web side's
// CPU per callback is mostly the Redis client's, per command.
const LOOKUP_SCRIPT = `
local held = 'absent'
if ARGV[1] ~= '' and redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('ZSCORE', KEYS[2], ARGV[1]) then
    held = 'dead_letter'
  elseif redis.call('ZSCORE', KEYS[3], ARGV[1]) and redis.call('HGET', KEYS[1], 'returnvalue') == '"unhandled"' then
    held = 'unhandled'
  else
    held = 'queued'
  end
end
local depth = -1
if ARGV[2] == '1' then
  depth = redis.call('LLEN', KEYS[4]) + redis.call('ZCARD', KEYS[5]) + redis.call('ZCARD', KEYS[6]) + redis.call('ZCARD', KEYS[7])
end
return { held, depth }
`;
const LOOKUP_COMMAND = 'sinchInboundsJobLookup:1';
const HELD_JOBS: readonly string[] = ['absent', 'dead_letter', 'unhandled', 'queued'] satisfies HeldJob[];

/**
 * The reader for `queue`: on Redis, one script of its own, sent at once on the queue's
 * connection (ioredis sends a script's full text the first time on each connection, so
 * it never comes back as NOSCRIPT to run after the add it must precede); on another
 * backend (BullMQ 6 also runs on Postgres), `getJob`, `getState` and `count`, one after
 * the other.
 */
export async function jobReaderOf(queue: Queue): Promise<JobReader> {
  const client = await redisClientOf(queue);
  return client === undefined ? sequentialReader(queue) : redisReader(queue, client);
}

const scripted = new WeakSet<ScriptClient>();

function redisReader(queue: Queue, client: ScriptClient): JobReader {
  if (!scripted.has(client)) {
    client.defineCommand(LOOKUP_COMMAND, { numberOfKeys: 7, lua: LOOKUP_SCRIPT });
    scripted.add(client);
  }
  const keys = ['failed', 'completed', 'wait', 'delayed', 'prioritized', 'waiting-children'].map((type) => queue.toKey(type));
  return {
    pipelined: true,
    async read(jobId, withDepth) {
      if (jobId === undefined && !withDepth) return { job: 'absent', depth: undefined };
      // Sent before the first await: the caller's add goes out behind it.
      const reply = client.runCommand(LOOKUP_COMMAND, [queue.toKey(jobId ?? ''), ...keys, jobId ?? '', withDepth ? '1' : '0']);
      const [held, depth] = (await reply) as [string, number];
      if (!HELD_JOBS.includes(held)) throw new Error(`bullmqQueue: unexpected job lookup reply ${JSON.stringify(held)}`);
      return { job: held as HeldJob, depth: withDepth ? depth : undefined };
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

/** The queue's Redis connection, when it runs on Redis. */
async function redisClientOf(queue: Queue): Promise<ScriptClient | undefined> {
  const backend: unknown = queue.getBackend();
  if (typeof backend !== 'object' || backend === null || !('client' in backend)) return undefined;
  const client: unknown = await (backend as { client: unknown }).client;
  if (typeof client !== 'object' || client === null) return undefined;
  const { defineCommand, runCommand } = client as Partial<Record<keyof ScriptClient, unknown>>;
  return typeof defineCommand === 'function' && typeof runCommand === 'function' ? (client as ScriptClient) : undefined;
}
