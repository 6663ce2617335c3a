import { createWebhookReceiver, silentLogger } from '@sinch-inbounds/core';
import { redisDedupeStore } from '@sinch-inbounds/redis';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobIdOf, startSinchWorker, type SinchWorker } from '../src/index.js';
import { connect, moTextBody, SECRET, startWeb, type Web } from './support/setup.js';
import { buildWorkerChild, startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

// Short enough for a test, the same shape as production: the lease outlives the lock.
const LEASE_MS = 2_000;
const LOCK_MS = 1_000;

let bundle: string;
let redis: TestRedisServer | undefined;
let web: Web | undefined;
let survivor: SinchWorker | undefined;
let dying: WorkerProcess | undefined;
const clients: Redis[] = [];

beforeAll(async () => {
  bundle = await buildWorkerChild();
});
afterEach(async () => {
  await dying?.kill();
  await survivor?.close();
  await web?.close();
  for (const client of clients.splice(0)) client.disconnect();
  await redis?.close();
  redis = web = survivor = dying = undefined;
});

/** The worker left standing, in this process: checks for stalled jobs often. */
async function startSurvivor(url: string, queueName: string, handled: string[]): Promise<SinchWorker> {
  const store = connect(url);
  const connection = connect(url);
  clients.push(store, connection);
  const receiver = createWebhookReceiver({ secret: SECRET, dedupe: redisDedupeStore(store), dedupeLeaseMs: LEASE_MS, handlerTimeoutMs: LEASE_MS, logger: silentLogger });
  receiver.on('mo_text', (message) => void handled.push(message.id));
  return startSinchWorker(receiver, { connection, queueName, logger: silentLogger, worker: { stalledInterval: 300, lockDuration: LOCK_MS } });
}

function completedJob(worker: SinchWorker): Promise<Job> {
  return new Promise((resolve) => worker.worker.once('completed', (job) => resolve(job)));
}

describe('kill -9 of a worker process', () => {
  it('mid-handler: the job is picked up after stall detection and its handler completes once', async () => {
    redis = await startRedisServer();
    const queueName = 'sinch-kill-mid';
    web = await startWeb(redis.url, queueName);
    dying = await startWorkerProcess(bundle, { redisUrl: redis.url, queueName, secret: SECRET, leaseMs: LEASE_MS, lockDurationMs: LOCK_MS, die: 'mid_handler' });
    expect((await web.post(moTextBody('01KILLEDMIDHANDLER'))).status).toBe(200);
    expect(await dying.next('started')).toEqual({ type: 'started', id: '01KILLEDMIDHANDLER' });
    await dying.kill();

    const handled: string[] = [];
    survivor = await startSurvivor(redis.url, queueName, handled);
    const job = await completedJob(survivor);
    expect(job.id).toBe(jobIdOf('mo:01KILLEDMIDHANDLER'));
    expect(job.returnvalue).toBe('handled');
    expect(handled).toEqual(['01KILLEDMIDHANDLER']);
    expect(await web.queue.getJobCounts('completed', 'failed', 'active', 'waiting')).toEqual({ completed: 1, failed: 0, active: 0, waiting: 0 });
  });

  it('after its handler succeeded (recorded in the dedupe store, not yet in BullMQ): the re-run is a duplicate, the handler does not run again', async () => {
    redis = await startRedisServer();
    const queueName = 'sinch-kill-after';
    web = await startWeb(redis.url, queueName);
    dying = await startWorkerProcess(bundle, { redisUrl: redis.url, queueName, secret: SECRET, leaseMs: LEASE_MS, lockDurationMs: LOCK_MS, die: 'after_success' });
    expect((await web.post(moTextBody('01KILLEDAFTERSUCCESS'))).status).toBe(200);
    await dying.next('started');
    expect(await dying.next('recorded')).toEqual({ type: 'recorded', key: 'mo:01KILLEDAFTERSUCCESS' });
    await dying.kill();

    const handled: string[] = [];
    survivor = await startSurvivor(redis.url, queueName, handled);
    const job = await completedJob(survivor);
    expect(job.returnvalue).toBe('duplicate');
    expect(handled).toEqual([]);
  });
});
