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
  /** What BullMQ holds under `jobId` (`absent` without an id), and the depth when `withDepth`. */
  read(jobId: string | undefined, withDepth: boolean): Promise<JobLookup>;
}

/** The two ways to read a queue; see {@link jobReadersOf}. */
export interface JobReaders {
  /**
   * On Redis: one script, whose command is on the wire when `read` returns, on the
   * connection BullMQ adds jobs on, so an add sent next runs after it in Redis and rides
   * the same round trip.
   */
  readonly script: JobReader | undefined;
  /** On any backend: `getJob`, then `getState` when the job exists or `count` when the depth is asked for. */
  readonly sequential: JobReader;
}

/** What a {@link JobReader} needs of BullMQ's client adapters (ioredis, node-redis, …): its own script. */
interface ScriptClient {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  runCommand(name: string, args: (string | number)[]): Promise<unknown>;
}

// The job, as BullMQ's add checks it (EXISTS) and getState reads it (the completed and
// failed sets); and the depth as Queue.count() counts it. One command with the queue's
// key prefix as its only key, as BullMQ's own getCounts: the web side's CPU per callback
// is mostly the Redis client's, per command and argument.
const LOOKUP_SCRIPT = `
local prefix, id = KEYS[1], ARGV[1]
local held = 'absent'
if id ~= '' and redis.call('EXISTS', prefix .. id) == 1 then
  if redis.call('ZSCORE', prefix .. 'failed', id) then
    held = 'dead_letter'
  elseif redis.call('ZSCORE', prefix .. 'completed', id) and redis.call('HGET', prefix .. id, 'returnvalue') == '"unhandled"' then
    held = 'unhandled'
  else
    held = 'queued'
  end
end
local depth = -1
if ARGV[2] == '1' then
  depth = redis.call('LLEN', prefix .. 'wait') + redis.call('ZCARD', prefix .. 'delayed') + redis.call('ZCARD', prefix .. 'prioritized') + redis.call('ZCARD', prefix .. 'waiting-children')
end
return { held, depth }
`;
const LOOKUP_COMMAND = 'sinchInboundsJobLookup:2';
const HELD_JOBS: readonly string[] = ['absent', 'dead_letter', 'unhandled', 'queued'] satisfies HeldJob[];

/**
 * The readers for `queue`. The script's text goes whole the first time on each connection
 * (ioredis), so it never comes back as NOSCRIPT to run after the add it must precede.
 */
export async function jobReadersOf(queue: Queue): Promise<JobReaders> {
  const client = await redisClientOf(queue);
  return { script: client === undefined ? undefined : scriptReader(queue, client), sequential: sequentialReader(queue) };
}

const scripted = new WeakSet<ScriptClient>();

function scriptReader(queue: Queue, client: ScriptClient): JobReader {
  if (!scripted.has(client)) {
    client.defineCommand(LOOKUP_COMMAND, { numberOfKeys: 1, lua: LOOKUP_SCRIPT });
    scripted.add(client);
  }
  const prefix = queue.toKey('');
  return {
    async read(jobId, withDepth) {
      if (jobId === undefined && !withDepth) return { job: 'absent', depth: undefined };
      // Sent before the first await: the caller's add goes out behind it.
      const reply = client.runCommand(LOOKUP_COMMAND, [prefix, jobId ?? '', withDepth ? '1' : '0']);
      const [held, depth] = (await reply) as [string, number];
      if (!HELD_JOBS.includes(held)) throw new Error(`bullmqQueue: unexpected job lookup reply ${JSON.stringify(held)}`);
      return { job: held as HeldJob, depth: withDepth ? depth : undefined };
    },
  };
}

function sequentialReader(queue: Queue): JobReader {
  return {
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
