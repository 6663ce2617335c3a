import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jobIdOf } from '@sinch-inbounds/bullmq';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createNodeHandler,
  OnSinchCallback,
  SINCH_WEBHOOK_RECEIVER,
  SinchInboundsModule,
  silentLogger,
  WebhookConfigurationError,
  type MoText,
  type WebhookReceiver,
} from '../src/index.js';
import { startNestApp, type RunningApp } from './support/nest-app.js';
import { completions, gate, RedisClients, sinchJobsProcessor, startWebApp, startWorkerApp, type SinchJobsHost } from './support/queue-apps.js';
import { moTextJson, postCallback, SECRET } from './support/signed-request.js';

let redis: TestRedisServer;
const clients = new RedisClients();
const running: { close(): Promise<void> }[] = [];
let queueCount = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});
afterEach(async () => {
  for (const app of running.splice(0).reverse()) await app.close();
  clients.closeAll();
});

/** A fresh queue per test: tests never see each other's jobs. */
const nextQueue = (): string => `nest-sinch-${++queueCount}`;

function track<T extends { close(): Promise<void> }>(app: T): T {
  running.push(app);
  return app;
}

/** A singleton provider with an `@OnSinchCallback('mo_text')` handler that runs `onText`. */
function textHandler(onText: (message: MoText) => unknown): new () => object {
  @Injectable()
  class Texts {
    @OnSinchCallback('mo_text')
    on(message: MoText): unknown {
      return onText(message);
    }
  }
  return Texts;
}

const idOf = (body: string): string => (JSON.parse(body) as { id: string }).id;
const webhookOf = (app: RunningApp): string => `${app.url}/sinch/callbacks`;
const processorOf = (app: INestApplicationContext, processor: new (...args: never[]) => SinchJobsHost): SinchJobsHost => app.get(processor);

describe('the web app enqueues (forRootAsync with @nestjs/bullmq’s queue)', () => {
  it('answers 200 once the job is in Redis, and a duplicate 200 without a second job', async () => {
    const web = track(await startWebApp({ redisUrl: redis.url, queueName: nextQueue(), dedupe: clients.dedupe(redis.url) }));
    const body = moTextJson();
    const first = await postCallback(webhookOf(web), body, { secret: SECRET });
    expect(first.status).toBe(200);
    // No worker runs: the job the 200 promised is in Redis, with the callback as received.
    const job = await web.queue.getJob(jobIdOf(`mo:${idOf(body)}`));
    expect(job?.data).toMatchObject({ type: 'mo_text', body, source: 'webhook' });
    expect(await job?.getState()).toBe('waiting');

    const again = await postCallback(webhookOf(web), body, { secret: SECRET });
    expect(again.status).toBe(200);
    expect(await web.queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({ waiting: 1, active: 0, completed: 0, failed: 0 });
  });

  it('answers 500 while Redis is down, so Sinch redelivers', async () => {
    const own = await startRedisServer();
    // The dedupe store is core's in-memory one: the queue is the only use of Redis here.
    const web = await startWebApp({ redisUrl: own.url, queueName: nextQueue() });
    try {
      expect((await postCallback(webhookOf(web), moTextJson(), { secret: SECRET })).status).toBe(200);
      await own.stop();
      expect((await postCallback(webhookOf(web), moTextJson(), { secret: SECRET })).status).toBe(500);
    } finally {
      await own.start(); // so that the app's connections close cleanly
      await web.close();
      await own.close();
    }
  });

  it('is refused, as before, without a secret unless processOnly', async () => {
    @Module({ imports: [SinchInboundsModule.forRoot({ webhook: {}, logger: silentLogger })] })
    class NoSecret {}
    await expect(NestFactory.createApplicationContext(NoSecret, { logger: false, abortOnError: false })).rejects.toBeInstanceOf(WebhookConfigurationError);
  });
});

describe('a separate worker app (processOnly, no HTTP, no secret)', () => {
  it('runs the @OnSinchCallback handler once per id, duplicates included', async () => {
    const queueName = nextQueue();
    const web = track(await startWebApp({ redisUrl: redis.url, queueName, dedupe: clients.dedupe(redis.url) }));
    const handled: string[] = [];
    const SinchJobs = sinchJobsProcessor(queueName);
    const worker = track(await startWorkerApp({ redisUrl: redis.url, queueName, dedupe: clients.dedupe(redis.url), providers: [SinchJobs, textHandler((m) => void handled.push(m.id))] }));
    const bodies = Array.from({ length: 20 }, () => moTextJson());
    const done = completions(processorOf(worker, SinchJobs).worker, bodies.length);

    // Every callback twice, the copies concurrent: Sinch's duplicate deliveries.
    const statuses = await Promise.all([...bodies, ...bodies].map(async (body) => (await postCallback(webhookOf(web), body, { secret: SECRET })).status));
    expect(statuses.every((status) => status === 200)).toBe(true);
    const jobs = await done;
    expect(jobs.map((job) => job.returnvalue as unknown)).toEqual(bodies.map(() => 'handled'));
    expect([...handled].sort()).toEqual(bodies.map(idOf).sort());

    // A late redelivery of a handled callback: answered, and nothing queued or run again.
    expect((await postCallback(webhookOf(web), bodies[0] as string, { secret: SECRET })).status).toBe(200);
    expect(await web.queue.getJobCounts('waiting', 'active', 'completed')).toEqual({ waiting: 0, active: 0, completed: bodies.length });
    expect(handled).toHaveLength(bodies.length);
  });

  it('retries a failing handler, dead-letters it with its callback intact, and runs it once retried after the fix', async () => {
    const queueName = nextQueue();
    const web = track(
      await startWebApp({
        redisUrl: redis.url,
        queueName,
        dedupe: clients.dedupe(redis.url),
        queue: { jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 10 } } },
      }),
    );
    let fixed = false;
    const attempts: string[] = [];
    const SinchJobs = sinchJobsProcessor(queueName);
    const handler = textHandler((message) => {
      attempts.push(message.id);
      if (!fixed) throw new Error('the CRM is down');
    });
    const worker = track(await startWorkerApp({ redisUrl: redis.url, queueName, dedupe: clients.dedupe(redis.url), providers: [SinchJobs, handler] }));
    const bullWorker = processorOf(worker, SinchJobs).worker;
    const deadLettered = new Promise<Job>((resolve) =>
      bullWorker.on('failed', (job) => {
        if (job !== undefined && job.attemptsMade >= 3) resolve(job);
      }),
    );

    const body = moTextJson();
    expect((await postCallback(webhookOf(web), body, { secret: SECRET })).status).toBe(200);
    const failed = await deadLettered;
    expect(attempts).toEqual([idOf(body), idOf(body), idOf(body)]);
    const stored = await web.queue.getJob(failed.id as string);
    expect(await stored?.getState()).toBe('failed');
    expect(stored?.data).toMatchObject({ type: 'mo_text', body });

    fixed = true;
    const completed = completions(bullWorker, 1);
    await stored?.retry('failed');
    const [job] = await completed;
    expect(job?.returnvalue).toBe('handled');
    expect(attempts).toHaveLength(4);
  });

  it('on close, finishes the running job and takes no other, so none runs without its handlers', async () => {
    const queueName = nextQueue();
    const web = track(await startWebApp({ redisUrl: redis.url, queueName, dedupe: clients.dedupe(redis.url) }));
    const started = gate();
    const release = gate();
    const events: string[] = [];
    // A free slot, so that a job queued during shutdown could be taken.
    const SinchJobs = sinchJobsProcessor(queueName, { concurrency: 2 });
    const handler = textHandler(async (message) => {
      events.push(`started ${message.id}`);
      started.open();
      await release.opened;
      events.push(`finished ${message.id}`);
    });
    const [first, second] = [moTextJson(), moTextJson()];
    /** Queues the second callback while the worker app shuts down, before the module's handlers go. */
    @Injectable()
    class LateCallback {
      async onModuleDestroy(): Promise<void> {
        expect((await postCallback(webhookOf(web), second, { secret: SECRET })).status).toBe(200);
      }
    }
    const worker = await startWorkerApp({ redisUrl: redis.url, queueName, dedupe: clients.dedupe(redis.url), providers: [SinchJobs, LateCallback, handler] });
    const bullWorker = processorOf(worker, SinchJobs).worker;
    expect((await postCallback(webhookOf(web), first, { secret: SECRET })).status).toBe(200);
    await started.opened;

    // The handler goes on only once the worker is closing: close must wait for it.
    bullWorker.once('closing', () => release.open());
    await worker.close();
    events.push('closed');

    expect(events).toEqual([`started ${idOf(first)}`, `finished ${idOf(first)}`, 'closed']);
    const firstJob = await web.queue.getJob(jobIdOf(`mo:${idOf(first)}`));
    expect(await firstJob?.getState()).toBe('completed');
    expect(firstJob?.returnvalue).toBe('handled');
    // Not taken once the app was closing (taken after the handlers went, it would complete as `unhandled`): waiting for the next worker.
    expect(await (await web.queue.getJob(jobIdOf(`mo:${idOf(second)}`)))?.getState()).toBe('waiting');
  });

  it('refuses to start on a Redis that may evict keys, with evictionPolicy: refuse', async () => {
    const evicting = await startRedisServer();
    const admin = new Redis(evicting.url);
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const queueName = nextQueue();
      const SinchJobs = sinchJobsProcessor(queueName, { evictionPolicy: 'refuse' });
      await expect(startWorkerApp({ redisUrl: evicting.url, queueName, dedupe: clients.dedupe(evicting.url), providers: [SinchJobs] })).rejects.toThrow(
        /maxmemory-policy allkeys-lru/,
      );
    } finally {
      admin.disconnect();
      await evicting.close();
    }
  });
});

describe('web and worker in one app', () => {
  it('answers 200 before the handler runs, then the processor runs it', async () => {
    const queueName = nextQueue();
    const release = gate();
    const handled: string[] = [];
    const SinchJobs = sinchJobsProcessor(queueName);
    const handler = textHandler(async (message) => {
      // Inline, this would hold the request until the test timed out.
      await release.opened;
      handled.push(message.id);
    });
    const app = track(await startWebApp({ redisUrl: redis.url, queueName, dedupe: clients.dedupe(redis.url), providers: [SinchJobs, handler] }));
    const done = completions(processorOf(app.app, SinchJobs).worker, 1);
    const body = moTextJson();
    expect((await postCallback(webhookOf(app), body, { secret: SECRET })).status).toBe(200);
    expect(handled).toEqual([]);
    release.open();
    const [job] = await done;
    expect(job?.returnvalue).toBe('handled');
    expect(handled).toEqual([idOf(body)]);
  });
});

function processOnlyModule(): new () => object {
  @Module({ imports: [SinchInboundsModule.forRoot({ processOnly: true, logger: silentLogger })] })
  class Worker {}
  return Worker;
}

describe('processOnly', () => {
  it('in an HTTP app, serves no webhook route (and needs no rawBody)', async () => {
    const app = track(
      await startNestApp('express', {
        imports: [SinchInboundsModule.forRoot({ processOnly: true, logger: silentLogger })],
        providers: [textHandler(() => undefined)],
        options: { rawBody: false },
      }),
    );
    expect((await postCallback(webhookOf(app), moTextJson(), { secret: SECRET })).status).toBe(404);
  });

  it('without a secret, its receiver refuses a request that reaches it anyway: no sender knows the secret it got', async () => {
    const app = track(await NestFactory.createApplicationContext(processOnlyModule(), { logger: false }));
    const receiver = app.get<WebhookReceiver>(SINCH_WEBHOOK_RECEIVER);
    const server = createServer(createNodeHandler(receiver));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      expect((await postCallback(url, moTextJson(), { secret: SECRET })).status).toBe(401);
      expect((await postCallback(url, moTextJson())).status).toBe(401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
