import { defaultLogger, type Logger, type ProcessOutcome, type QueuedCallback, type WebhookReceiver } from '@sinch-inbounds/core';
import { Worker, type ConnectionOptions, type WorkerOptions } from 'bullmq';
import { checkEvictionPolicy, type EvictionPolicyCheck, type RedisInfoClient } from './eviction-policy.js';
import { SINCH_QUEUE_NAME } from './queue-name.js';
import { runSinchJob } from './run-sinch-job.js';

/** Options of {@link startSinchWorker}. */
export interface SinchWorkerOptions {
  /** BullMQ's connection: ioredis options, or a client the app owns (BullMQ needs `maxRetriesPerRequest: null` on it). */
  connection: ConnectionOptions;
  /** The queue to consume; the same name (and `prefix`) as the web side's `Queue`. Default {@link SINCH_QUEUE_NAME}. */
  queueName?: string;
  /** How many callbacks this worker runs at once. Default 10: handlers mostly wait on I/O. */
  concurrency?: number;
  /**
   * What to do when Redis's `maxmemory-policy` is not `noeviction` (Redis may then
   * delete queued callbacks and dedupe keys): `'warn'` (default) logs an error and
   * starts; `'refuse'` rejects and starts nothing.
   */
  evictionPolicy?: EvictionPolicyCheck;
  /** Where retries, dead letters and connection errors are reported. Default the receiver's default logger. */
  logger?: Logger;
  /**
   * Any other BullMQ `WorkerOptions` (`prefix`, `lockDuration`, `stalledInterval`,
   * `maxStalledCount`, `limiter`, …). Attempts and backoff are job options: set them
   * on the web side, in `bullmqQueue(queue, { jobOptions })`.
   */
  worker?: Omit<WorkerOptions, 'connection' | 'concurrency' | 'autorun'>;
}

/** A running worker; see {@link startSinchWorker}. */
export interface SinchWorker {
  /** The BullMQ worker, for its events (`completed`, `failed`, …) and API. */
  readonly worker: Worker<QueuedCallback, ProcessOutcome['type']>;
  /**
   * Stops taking jobs and resolves once the running ones have finished (their outcome
   * recorded in the dedupe store and in BullMQ), then closes the worker's connections.
   * Call it on SIGTERM before the process exits.
   */
  close(): Promise<void>;
}

/**
 * Consumes the queue `bullmqQueue` feeds and runs each job through
 * `receiver.process()`: the receiver's handlers, dedupe store, handler timeout,
 * diagnostics and `'error'` handlers, exactly as the inline webhook path would. A
 * handler that throws fails the job, which BullMQ retries with the job's attempts and
 * backoff; once they are spent the job stays in BullMQ's failed set, its callback
 * intact — the dead-letter queue (see the README to list, inspect and retry it). A job
 * whose data this version cannot read fails at once, without retries.
 *
 * BullMQ runs a job at least once (a job whose worker died is run again after stall
 * detection); the dedupe store makes its handlers run once: a re-run of a job whose
 * handlers had succeeded is a `duplicate`.
 *
 * Checks Redis's `maxmemory-policy` before taking any job (see `evictionPolicy`).
 */
export async function startSinchWorker(receiver: WebhookReceiver, options: SinchWorkerOptions): Promise<SinchWorker> {
  if (receiver === null || typeof receiver !== 'object' || typeof receiver.process !== 'function') {
    throw new TypeError('startSinchWorker: the first argument must be a webhook receiver (createWebhookReceiver)');
  }
  if (options === null || typeof options !== 'object' || options.connection === undefined) {
    throw new TypeError('startSinchWorker: options.connection is required (the Redis connection BullMQ uses)');
  }
  const worker = new Worker<QueuedCallback, ProcessOutcome['type']>(options.queueName ?? SINCH_QUEUE_NAME, (job) => runSinchJob(receiver, job), {
    ...options.worker,
    connection: options.connection,
    concurrency: options.concurrency ?? 10,
    autorun: false,
  });
  await runSinchWorker(worker, options);
  return {
    worker,
    close: () => worker.close(),
  };
}

/** Options of {@link runSinchWorker}: those of {@link SinchWorkerOptions} it applies. */
export type RunSinchWorkerOptions = Pick<SinchWorkerOptions, 'evictionPolicy' | 'logger'>;

/**
 * Starts a BullMQ `Worker` of the Sinch queue that was created with `autorun: false`,
 * as `startSinchWorker` starts its own — for a worker it did not create: an
 * `@nestjs/bullmq` processor's `this.worker`, from `onApplicationBootstrap` (see the
 * README's NestJS section). Before the worker takes any job: logs its errors (without an
 * `'error'` listener a lost Redis connection would crash the process), retries and dead
 * letters through `logger`, waits until it is connected and checks Redis's
 * `maxmemory-policy` ({@link checkEvictionPolicy}). Resolves once it runs; its jobs go
 * through whatever processor it was created with (`runSinchJob` for Sinch's).
 *
 * @throws when `evictionPolicy` is `'refuse'` and Redis may evict keys, or Redis cannot be
 *   reached; the worker is closed then, and takes no job.
 */
export async function runSinchWorker(worker: Worker<QueuedCallback>, options: RunSinchWorkerOptions = {}): Promise<void> {
  const logger = options.logger ?? defaultLogger;
  worker.on('error', (error) => logger.error('sinch worker: BullMQ reported an error', { error }));
  worker.on('failed', (job, error) => {
    if (job === undefined) return;
    const context = { jobId: job.id, type: job.data.type, attempt: job.attemptsMade, error };
    if (job.finishedOn !== undefined) logger.error('sinch worker: a callback is dead-lettered (left in the failed set) after its last attempt', context);
    else logger.warn('sinch worker: a callback failed; BullMQ retries it', context);
  });
  try {
    await worker.waitUntilReady();
    const client = await redisClientOf(worker);
    if (client !== undefined) await checkEvictionPolicy(client, options.evictionPolicy ?? 'warn', logger);
  } catch (error) {
    await worker.close();
    throw error;
  }
  void worker.run().catch((error: unknown) => logger.error('sinch worker: the worker stopped', { error }));
}

/** The worker's Redis client, when its backend is Redis (BullMQ 6 also runs on Postgres). */
async function redisClientOf(worker: Worker<QueuedCallback>): Promise<RedisInfoClient | undefined> {
  const backend: unknown = worker.getBackend();
  if (typeof backend !== 'object' || backend === null || !('client' in backend)) return undefined;
  const client: unknown = await (backend as { client: unknown }).client;
  return typeof client === 'object' && client !== null && typeof (client as RedisInfoClient).info === 'function' ? (client as RedisInfoClient) : undefined;
}
