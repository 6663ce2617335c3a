import { createWebhookReceiver, InboundsClient, MemoryDedupeStore, silentLogger, type Logger, type WebhookReceiver, type WebhookReceiverError } from '@sinch-inbounds/core';
import { redisDedupeStore } from '@sinch-inbounds/redis';
import { createRecordingLogger, startRedisServer, startSinchSimulator, type TestRedisServer } from '@sinch-inbounds/testing';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dedupeKeyOfJobId, jobIdOf, startSinchWorker, type SinchWorker } from '../src/index.js';
import { connect, moTextBody, SECRET, startWeb, until, type Web } from './support/setup.js';

let redis: TestRedisServer;
let web: Web | undefined;
let sinchWorker: SinchWorker | undefined;
const clients: Redis[] = [];
let queueCount = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.close();
});
afterEach(async () => {
  await sinchWorker?.close();
  await web?.close();
  for (const client of clients.splice(0)) client.disconnect();
  sinchWorker = web = undefined;
});

/** A fresh queue name per test: tests never see each other's jobs. */
const nextQueue = (): string => `sinch-test-${++queueCount}`;

/** A worker-side receiver over the same Redis dedupe store as the web side. */
function workerReceiver(options: { dedupeLeaseMs?: number; handlerTimeoutMs?: number } = {}): WebhookReceiver {
  const client = connect(redis.url);
  clients.push(client);
  return createWebhookReceiver({ secret: SECRET, dedupe: redisDedupeStore(client), logger: silentLogger, ...options });
}

async function startWorker(receiver: WebhookReceiver, queueName: string, logger: Logger = silentLogger): Promise<SinchWorker> {
  const connection = connect(redis.url);
  clients.push(connection);
  sinchWorker = await startSinchWorker(receiver, { connection, queueName, logger });
  return sinchWorker;
}

/** Resolves with the next job the worker completes. */
function nextCompleted(worker: SinchWorker): Promise<Job> {
  return new Promise((resolve) => worker.worker.once('completed', (job) => resolve(job)));
}

describe('job ids', () => {
  it('are reversible, never contain ":" and are never all digits', () => {
    for (const key of ['mo:01JHX', 'dr:["delivery_report_sms","b:1",3]', '12345', '', '%3A', 'unknown:["x","1"]']) {
      const id = jobIdOf(key);
      expect(id).not.toContain(':');
      expect(String(Number.parseInt(id, 10))).not.toBe(id);
      expect(dedupeKeyOfJobId(id)).toBe(key);
    }
    expect(jobIdOf('mo:01JHX')).toBe('sinch-mo%3A01JHX');
    expect(dedupeKeyOfJobId('42')).toBeUndefined();
  });
});

describe('the webhook with a BullMQ queue, and a worker', () => {
  it('answers 200 once the job is in Redis; the worker then runs the handler once', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName);
    const body = moTextBody('01ENQUEUED');
    const response = await web.post(body);
    expect(response.status).toBe(200);
    // Durable before the answer: the job is there, with the callback as received.
    const job = await web.queue.getJob(jobIdOf('mo:01ENQUEUED'));
    expect(job?.data).toMatchObject({ type: 'mo_text', body, dedupeKey: 'mo:01ENQUEUED', source: 'webhook' });
    expect(await job?.getState()).toBe('waiting');

    const receiver = workerReceiver();
    const handled: string[] = [];
    receiver.on('mo_text', (message) => void handled.push(message.id));
    const worker = await startWorker(receiver, queueName);
    const completed = await nextCompleted(worker);
    expect(completed.returnvalue).toBe('handled');
    expect(handled).toEqual(['01ENQUEUED']);
  });

  it('a duplicate delivery adds no second job and runs no handler twice — while queued and after completion', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName);
    const body = moTextBody('01DUPLICATE');
    expect((await web.post(body)).status).toBe(200);
    const whileQueued = await web.post(body);
    expect(whileQueued).toEqual({ status: 200, body: '{"status":"duplicate"}' });
    expect(await web.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });

    const receiver = workerReceiver();
    const handled: string[] = [];
    receiver.on('mo_text', (message) => void handled.push(message.id));
    const worker = await startWorker(receiver, queueName);
    await nextCompleted(worker);
    const afterwards = await web.post(body);
    expect(afterwards).toEqual({ status: 200, body: '{"status":"duplicate"}' });
    expect(await web.queue.getJobCounts('waiting', 'completed', 'active')).toEqual({ waiting: 0, completed: 1, active: 0 });
    expect(handled).toEqual(['01DUPLICATE']);
  });

  it('a handler failing 3 times then succeeding: completed on attempt 4, handled once', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName, { queue: { jobOptions: { backoff: { type: 'exponential', delay: 10 } } } });
    const receiver = workerReceiver();
    let calls = 0;
    const handled: string[] = [];
    receiver.on('mo_text', (message) => {
      if (++calls <= 3) throw new Error(`CRM down (${calls})`);
      handled.push(message.id);
    });
    const worker = await startWorker(receiver, queueName);
    const completed = nextCompleted(worker);
    expect((await web.post(moTextBody('01FLAKY'))).status).toBe(200);
    const job = await completed;
    expect(job.attemptsMade).toBe(4);
    expect(job.returnvalue).toBe('handled');
    expect(handled).toEqual(['01FLAKY']);
  });

  it('a handler that always fails: dead-lettered with its callback intact, then retried from the failed set once fixed — handled once', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName, { queue: { jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 10 } } } });
    const receiver = workerReceiver();
    let fixed = false;
    const handled: string[] = [];
    receiver.on('mo_text', (message) => {
      if (!fixed) throw new Error('bug in the handler');
      handled.push(message.id);
    });
    const logger = createRecordingLogger();
    const worker = await startWorker(receiver, queueName, logger);
    const deadLettered = new Promise<Job>((resolve) => worker.worker.on('failed', (job) => job?.finishedOn !== undefined && resolve(job)));
    const body = moTextBody('01DEADLETTER');
    expect((await web.post(body)).status).toBe(200);
    await deadLettered;

    // The dead-letter queue is BullMQ's failed set: listed and inspected with its API.
    const failed = await web.queue.getFailed();
    expect(failed.map((job) => job.id)).toEqual([jobIdOf('mo:01DEADLETTER')]);
    expect(failed[0]!.data.body).toBe(body);
    expect(failed[0]!.attemptsMade).toBe(3);
    expect(failed[0]!.failedReason).toContain('bug in the handler');
    expect(handled).toEqual([]);
    // Two retries warned about, the dead letter an error.
    expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
      ['warn', expect.stringContaining('BullMQ retries it')],
      ['warn', expect.stringContaining('BullMQ retries it')],
      ['error', expect.stringContaining('dead-lettered')],
    ]);

    fixed = true;
    const completed = nextCompleted(worker);
    await failed[0]!.retry();
    expect((await completed).returnvalue).toBe('handled');
    expect(handled).toEqual(['01DEADLETTER']);
    expect(await web.queue.getJobCounts('failed', 'completed')).toEqual({ failed: 0, completed: 1 });
  });

  it('a callback that completed with no handler gets a job again on its next copy, and is handled once a handler exists', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName);
    const receiver = workerReceiver();
    const worker = await startWorker(receiver, queueName);
    const body = moTextBody('01NOHANDLERYET');
    const first = nextCompleted(worker);
    expect((await web.post(body)).status).toBe(200);
    expect((await first).returnvalue).toBe('unhandled');

    const handled: string[] = [];
    receiver.on('mo_text', (message) => void handled.push(message.id));
    const second = nextCompleted(worker);
    expect(await web.post(body)).toEqual({ status: 200, body: '{"status":"accepted"}' });
    expect((await second).returnvalue).toBe('handled');
    expect(handled).toEqual(['01NOHANDLERYET']);
  });

  it('close() lets a running handler finish and its job complete before it resolves', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName);
    const receiver = workerReceiver();
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      receiver.on('mo_text', async () => {
        resolve();
        await new Promise<void>((done) => (release = done));
      });
    });
    const worker = await startWorker(receiver, queueName);
    expect((await web.post(moTextBody('01GRACEFUL'))).status).toBe(200);
    await started;
    let closed = false;
    const closing = worker.close().then(() => (closed = true));
    // Still running: close() waits for it.
    expect(await web.queue.getJobCounts('active')).toEqual({ active: 1 });
    expect(closed).toBe(false);
    release();
    await closing;
    sinchWorker = undefined;
    expect(await (await web.queue.getJob(jobIdOf('mo:01GRACEFUL')))?.getState()).toBe('completed');
  });

  it('a new copy of a dead-lettered callback (reconcile, a redelivery) retries its job', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName, { queue: { jobOptions: { attempts: 1 } } });
    const receiver = workerReceiver();
    let fixed = false;
    const handled: string[] = [];
    receiver.on('mo_text', (message) => {
      if (!fixed) throw new Error('not yet');
      handled.push(message.id);
    });
    const worker = await startWorker(receiver, queueName);
    const failed = new Promise<Job>((resolve) => worker.worker.once('failed', (job) => job !== undefined && resolve(job)));
    const body = moTextBody('01DEADTHENCOPY');
    expect((await web.post(body)).status).toBe(200);
    await failed;
    fixed = true;
    const completed = nextCompleted(worker);
    expect(await web.post(body)).toEqual({ status: 200, body: '{"status":"accepted"}' });
    expect((await completed).returnvalue).toBe('handled');
    expect(handled).toEqual(['01DEADTHENCOPY']);
    expect(await web.queue.getJobCounts('failed', 'completed')).toEqual({ failed: 0, completed: 1 });
  });

  it('answers 429 once the queue holds maxDepth jobs', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName, { queue: { maxDepth: 2 } });
    const statuses = [];
    for (const id of ['01DEPTH1', '01DEPTH2', '01DEPTH3']) statuses.push((await web.post(moTextBody(id))).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(await web.queue.count()).toBe(2);
  });

  it('an unknown callback type goes through the queue as received, to the worker\'s unknown handlers', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName);
    const body = JSON.stringify({ type: 'mo_carrier_pigeon', id: 'PIGEON1', feathers: 3 });
    expect((await web.post(body)).status).toBe(200);
    const receiver = workerReceiver();
    const seen: unknown[] = [];
    receiver.on('unknown', (callback) => void seen.push(callback.raw));
    const worker = await startWorker(receiver, queueName);
    expect((await nextCompleted(worker)).returnvalue).toBe('handled');
    expect(seen).toEqual([{ type: 'mo_carrier_pigeon', id: 'PIGEON1', feathers: 3 }]);
  });

  it('a job whose data cannot be read is dead-lettered at once, without retries', async () => {
    const queueName = nextQueue();
    web = await startWeb(redis.url, queueName);
    const receiver = workerReceiver();
    receiver.on('*', () => {});
    const worker = await startWorker(receiver, queueName);
    const failed = new Promise<Job>((resolve) => worker.worker.on('failed', (job) => job !== undefined && resolve(job)));
    await web.queue.add('mo_text', { type: 'mo_text', body: '{"type":"mo_text"}', dedupeKey: null, source: 'webhook', receivedAt: 0, signedAheadMs: 0 }, { attempts: 5 });
    const job = await failed;
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('invalid_payload');
  });
});

describe('reconcile with a queue', () => {
  it('queues what webhooks missed (the report says how many), skips what was handled, and the worker handles each once', async () => {
    const sim = await startSinchSimulator({ seed: 5 });
    try {
      sim.seed(4, () => ({ type: 'mo_text' }));
      const queueName = nextQueue();
      web = await startWeb(redis.url, queueName);
      const client = new InboundsClient({ servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, logger: silentLogger });
      const receiver = workerReceiver();
      const handled: string[] = [];
      receiver.on('mo_text', (message) => void handled.push(message.id));
      // One of the four came by webhook and was handled already.
      const first = (await client.list({ pageSize: 1 })).inbounds[0];
      // Its dates serialise as the ISO strings Sinch sends.
      expect((await web.post(JSON.stringify(first))).status).toBe(200);
      await startWorker(receiver, queueName);
      await until(() => handled.length === 1, 'the webhook copy handled');

      const report = await web.receiver.reconcile(client, { since: new Date(Date.now() - 24 * 3600_000) });
      expect(report).toMatchObject({ seen: 4, queued: 3, duplicates: 1, handled: 0, deferred: 0 });
      await until(() => handled.length === 4, 'the three queued messages handled');
      expect(new Set(handled).size).toBe(4);
      expect((await web.queue.getCompleted()).map((job) => job.data.source).sort()).toEqual(['reconcile', 'reconcile', 'reconcile', 'webhook']);
    } finally {
      await sim.close();
    }
  });
});

describe('Redis down', () => {
  it('the webhook answers 500 (never 200 without a job), and 200 again once Redis is back', async () => {
    const down = await startRedisServer();
    try {
      // The dedupe store elsewhere, so it is the queue's failure that answers.
      web = await startWeb(down.url, nextQueue(), { receiver: { dedupe: new MemoryDedupeStore(), enqueueTimeoutMs: 300 } });
      const errors: WebhookReceiverError[] = [];
      web.receiver.on('error', (error) => void errors.push(error));
      expect((await web.post(moTextBody('01BEFORE'))).status).toBe(200);
      await down.stop();
      expect((await web.post(moTextBody('01DURING'))).status).toBe(500);
      expect(errors.map((error) => error.kind)).toEqual(['queue']);
      await down.start();
      await until(async () => (await web!.post(moTextBody('01AFTER'))).status === 200, 'a 200 once Redis is back');
      expect(await web.queue.getJob(jobIdOf('mo:01DURING'))).toBeUndefined();
      // Sinch's redelivery of the callback answered 500 is queued now.
      expect((await web.post(moTextBody('01DURING'))).status).toBe(200);
      expect(await web.queue.getJob(jobIdOf('mo:01DURING'))).toBeDefined();
    } finally {
      await web?.close();
      web = undefined;
      await down.close();
    }
  });
});

describe('Redis restarted under a running worker', () => {
  it('the worker reconnects and handles what is queued afterwards', async () => {
    const flaky = await startRedisServer();
    try {
      const queueName = nextQueue();
      web = await startWeb(flaky.url, queueName);
      const client = connect(flaky.url);
      clients.push(client);
      const receiver = createWebhookReceiver({ secret: SECRET, dedupe: redisDedupeStore(client), logger: silentLogger });
      const handled: string[] = [];
      receiver.on('mo_text', (message) => void handled.push(message.id));
      const connection = connect(flaky.url);
      clients.push(connection);
      sinchWorker = await startSinchWorker(receiver, { connection, queueName, logger: silentLogger });
      expect((await web.post(moTextBody('01BEFORERESTART'))).status).toBe(200);
      await until(() => handled.length === 1, 'the first callback handled');

      await flaky.stop();
      await flaky.start();
      await until(async () => (await web!.post(moTextBody('01AFTERRESTART'))).status === 200, 'a 200 once Redis is back');
      await until(() => handled.includes('01AFTERRESTART'), 'the worker to handle the callback queued after the restart');
      expect(handled).toEqual(['01BEFORERESTART', '01AFTERRESTART']);
    } finally {
      await sinchWorker?.close();
      await web?.close();
      sinchWorker = web = undefined;
      await flaky.close();
    }
  });
});

describe('Redis killed with AOF on (appendfsync always)', () => {
  it('every callback answered 200 before the crash is still queued after it, and handled once', async () => {
    const durable = await startRedisServer({ appendOnly: 'always' });
    try {
      const queueName = nextQueue();
      web = await startWeb(durable.url, queueName);
      const ids = Array.from({ length: 20 }, (_, i) => `01DURABLE${String(i).padStart(17, '0')}`);
      for (const id of ids) expect((await web.post(moTextBody(id))).status).toBe(200);
      await durable.crash();
      await durable.start();

      const client = connect(durable.url);
      clients.push(client);
      const receiver = createWebhookReceiver({ secret: SECRET, dedupe: redisDedupeStore(client), logger: silentLogger });
      const handled: string[] = [];
      receiver.on('mo_text', (message) => void handled.push(message.id));
      const connection = connect(durable.url);
      clients.push(connection);
      sinchWorker = await startSinchWorker(receiver, { connection, queueName, logger: silentLogger });
      await until(() => handled.length === ids.length, 'every acknowledged callback handled');
      expect(handled.sort()).toEqual(ids);
    } finally {
      await sinchWorker?.close();
      await web?.close();
      sinchWorker = web = undefined;
      await durable.close();
    }
  });
});

describe("Redis's maxmemory-policy", () => {
  it('anything but noeviction: the worker logs an error and starts, or refuses to start', async () => {
    const evicting = await startRedisServer();
    const admin = connect(evicting.url);
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
      const logger = createRecordingLogger();
      const warned = await startSinchWorker(receiver, { connection: connect(evicting.url), queueName: nextQueue(), logger });
      await warned.close();
      expect(logger.entries.filter((e) => e.level === 'error').map((e) => e.message)).toEqual([expect.stringContaining('maxmemory-policy allkeys-lru')]);
      await expect(startSinchWorker(receiver, { connection: connect(evicting.url), queueName: nextQueue(), logger, evictionPolicy: 'refuse' })).rejects.toThrow(
        /noeviction/,
      );
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      const quiet = createRecordingLogger();
      const fine = await startSinchWorker(receiver, { connection: connect(evicting.url), queueName: nextQueue(), logger: quiet, evictionPolicy: 'refuse' });
      await fine.close();
      expect(quiet.entries).toEqual([]);
    } finally {
      admin.disconnect();
      await evicting.close();
    }
  });
});
