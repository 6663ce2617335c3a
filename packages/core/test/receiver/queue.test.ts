import { describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  MemoryDedupeStore,
  QueuedCallbackError,
  parseInbound,
  type CallbackQueue,
  type InboundsPageItem,
  type EnqueueResult,
  type QueuedCallback,
  type WebhookReceiverError,
} from '../../src/index.js';
import { moText, NOW, recordingLogger, SECRET, signed, silentLogger } from './fixtures.js';

/** A queue in an array, as a test double of a durable one; `answer` decides each enqueue. */
function arrayQueue(answer: (callback: QueuedCallback) => Promise<EnqueueResult> = async () => ({ type: 'enqueued' })) {
  const jobs: QueuedCallback[] = [];
  const queue: CallbackQueue = {
    async enqueue(callback) {
      const result = await answer(callback);
      if (result.type === 'enqueued') jobs.push(callback);
      return result;
    },
  };
  return { queue, jobs };
}

function post(body: string, headers = signed(body)) {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body };
}

describe('a receiver with a queue', () => {
  it('answers 200 once enqueued, runs no handler in the request, and process() runs it once', async () => {
    const { queue, jobs } = arrayQueue();
    const store = new MemoryDedupeStore();
    const web = createWebhookReceiver({ secret: SECRET, queue, dedupe: store, logger: silentLogger, now: () => NOW });
    const worker = createWebhookReceiver({ secret: SECRET, dedupe: store, logger: silentLogger, now: () => NOW });
    const handled: string[] = [];
    web.on('mo_text', (m) => void handled.push(`web:${m.id}`));
    worker.on('mo_text', (m) => void handled.push(m.id));

    const body = moText('01QUEUED');
    const response = await web.handle(post(body));
    expect(response.status).toBe(200);
    expect(handled).toEqual([]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ type: 'mo_text', body, dedupeKey: 'mo:01QUEUED', source: 'webhook', signedAheadMs: 0 });
    // Plain JSON: what a queue stores and gives back.
    const job = JSON.parse(JSON.stringify(jobs[0])) as QueuedCallback;

    await expect(worker.process(job)).resolves.toEqual({ type: 'handled', callbackType: 'mo_text', key: 'mo:01QUEUED' });
    await expect(worker.process(job)).resolves.toMatchObject({ type: 'duplicate' });
    expect(handled).toEqual(['01QUEUED']);

    // Sinch's redelivery after the job ran: a duplicate, no second job.
    const again = await web.handle(post(body));
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ status: 'duplicate' });
    expect(jobs).toHaveLength(1);
  });

  it('answers 429 when the queue is full, and the same signed request is accepted once there is room', async () => {
    let full = true;
    const { queue, jobs } = arrayQueue(async () => ({ type: full ? 'full' : 'enqueued' }));
    const logger = recordingLogger();
    const receiver = createWebhookReceiver({ secret: SECRET, queue, logger, now: () => NOW });
    const body = moText('01FULL');
    const headers = signed(body);
    expect((await receiver.handle(post(body, headers))).status).toBe(429);
    expect((await receiver.handle(post(moText('01FULL2')))).status).toBe(429);
    // Said once per episode, not once per callback.
    expect(logger.entries.filter((e) => e.message.includes('queue is full'))).toHaveLength(1);
    full = false;
    // The nonce was forgotten: Sinch's retry of this very request is not a replay.
    expect((await receiver.handle(post(body, headers))).status).toBe(200);
    expect(jobs).toHaveLength(1);
    expect(logger.entries.filter((e) => e.message.includes('takes callbacks again'))).toHaveLength(1);
  });

  it('answers 500 and reports a queue error when enqueue rejects or hangs past enqueueTimeoutMs — never 200 without a job', async () => {
    const errors: WebhookReceiverError[] = [];
    let mode: 'reject' | 'hang' = 'reject';
    const { queue, jobs } = arrayQueue(() => (mode === 'reject' ? Promise.reject(new Error('redis down')) : new Promise(() => {})));
    const receiver = createWebhookReceiver({ secret: SECRET, queue, enqueueTimeoutMs: 50, logger: silentLogger, now: () => NOW });
    receiver.on('error', (e) => void errors.push(e));
    expect((await receiver.handle(post(moText('01DOWN')))).status).toBe(500);
    mode = 'hang';
    expect((await receiver.handle(post(moText('01HUNG')))).status).toBe(500);
    expect(jobs).toEqual([]);
    expect(errors.map((e) => e.kind)).toEqual(['queue', 'queue']);
  });

  it('answers 500 for an enqueue that resolves something else', async () => {
    const queue = { enqueue: async () => ({ type: 'ok' }) } as unknown as CallbackQueue;
    const receiver = createWebhookReceiver({ secret: SECRET, queue, logger: silentLogger, now: () => NOW });
    expect((await receiver.handle(post(moText('01ODD')))).status).toBe(500);
  });

  it('the same signed request again (a seen nonce) goes the dedupe path: no second job once the first is queued', async () => {
    // A queue that, like BullMQ with job ids, knows a callback it holds already.
    const jobs = new Map<string | null, QueuedCallback>();
    const queue: CallbackQueue = {
      async enqueue(callback) {
        if (jobs.has(callback.dedupeKey)) return { type: 'already_queued' };
        jobs.set(callback.dedupeKey, callback);
        return { type: 'enqueued' };
      },
    };
    const receiver = createWebhookReceiver({ secret: SECRET, queue, logger: silentLogger, now: () => NOW });
    const body = moText('01SAMEREQUEST');
    const headers = signed(body);
    expect(JSON.parse((await receiver.handle(post(body, headers))).body)).toEqual({ status: 'accepted' });
    const again = await receiver.handle(post(body, headers));
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ status: 'duplicate' });
    expect([...jobs.keys()]).toEqual(['mo:01SAMEREQUEST']);
  });

  it('answers already_queued as a duplicate', async () => {
    const { queue } = arrayQueue(async () => ({ type: 'already_queued' }));
    const receiver = createWebhookReceiver({ secret: SECRET, queue, logger: silentLogger, now: () => NOW });
    const response = await receiver.handle(post(moText('01AGAIN')));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'duplicate' });
  });

  it('keeps an unknown type as received, and process() hands it to unknown handlers', async () => {
    const { queue, jobs } = arrayQueue();
    const web = createWebhookReceiver({ secret: SECRET, queue, logger: silentLogger, now: () => NOW });
    const body = JSON.stringify({ type: 'mo_carrier_pigeon', id: 'P1', feathers: 3 });
    expect((await web.handle(post(body))).status).toBe(200);
    expect(jobs[0]).toMatchObject({ type: 'mo_carrier_pigeon', body, dedupeKey: 'unknown:["mo_carrier_pigeon","P1"]' });
    const worker = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    const seen: unknown[] = [];
    worker.on('unknown', (c) => void seen.push(c.raw));
    await expect(worker.process(jobs[0]!)).resolves.toMatchObject({ type: 'handled', callbackType: 'mo_carrier_pigeon' });
    expect(seen).toEqual([{ type: 'mo_carrier_pigeon', id: 'P1', feathers: 3 }]);
  });

  it('process() rejects when a handler throws, reports it, releases the claim, and handles it on the next attempt', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    const errors: WebhookReceiverError[] = [];
    receiver.on('error', (e) => void errors.push(e));
    let failures = 1;
    const handled: string[] = [];
    receiver.on('mo_text', (m) => {
      if (failures-- > 0) throw new Error('CRM down');
      handled.push(m.id);
    });
    const job: QueuedCallback = { type: 'mo_text', body: moText('01RETRY'), dedupeKey: 'mo:01RETRY', source: 'webhook', receivedAt: NOW, signedAheadMs: 0 };
    const failed = await receiver.process(job).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(QueuedCallbackError);
    expect(failed).toMatchObject({ reason: 'handler_failed', callbackType: 'mo_text', key: 'mo:01RETRY' });
    expect((failed as Error).message).toContain('CRM down');
    expect(errors.map((e) => e.kind)).toEqual(['handler']);
    await expect(receiver.process(job)).resolves.toMatchObject({ type: 'handled' });
    expect(handled).toEqual(['01RETRY']);
  });

  it('process() resolves unhandled without handlers, and rejects no_handler under unhandledCallbacks: retry', async () => {
    const job: QueuedCallback = { type: 'mo_text', body: moText('01NOBODY'), dedupeKey: 'mo:01NOBODY', source: 'webhook', receivedAt: NOW, signedAheadMs: 0 };
    await expect(createWebhookReceiver({ secret: SECRET, logger: silentLogger }).process(job)).resolves.toMatchObject({ type: 'unhandled' });
    const strict = createWebhookReceiver({ secret: SECRET, logger: silentLogger, unhandledCallbacks: 'retry' });
    await expect(strict.process(job)).rejects.toMatchObject({ reason: 'no_handler' });
  });

  it('process() rejects invalid_payload for data it cannot read, and reports the bytes', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    const errors: WebhookReceiverError[] = [];
    receiver.on('error', (e) => void errors.push(e));
    receiver.on('*', () => {});
    await expect(receiver.process({ nonsense: true } as unknown as QueuedCallback)).rejects.toMatchObject({ reason: 'invalid_payload' });
    const broken: QueuedCallback = { type: 'mo_text', body: '{"type":"mo_text"}', dedupeKey: null, source: 'webhook', receivedAt: NOW, signedAheadMs: 0 };
    await expect(receiver.process(broken)).rejects.toMatchObject({ reason: 'invalid_payload' });
    expect(errors.map((e) => e.kind)).toEqual(['payload']);
  });

  it('refuses a queue without enqueue at creation', () => {
    expect(() => createWebhookReceiver({ secret: SECRET, queue: {} as CallbackQueue, logger: silentLogger })).toThrow(/enqueue/);
  });

  it('reconcile feeds the queue: messages not seen before are queued (counted), handled ones are duplicates, a full queue defers', async () => {
    const store = new MemoryDedupeStore();
    let full = false;
    const { queue, jobs } = arrayQueue(async () => ({ type: full ? 'full' : 'enqueued' }));
    const web = createWebhookReceiver({ secret: SECRET, queue, dedupe: store, logger: silentLogger });
    const worker = createWebhookReceiver({ secret: SECRET, dedupe: store, logger: silentLogger });
    const handled: string[] = [];
    worker.on('mo_text', (m) => void handled.push(m.id));
    web.on('mo_text', () => {
      throw new Error('the web side runs no handler');
    });
    const items: InboundsPageItem[] = ['01OLD', '01NEW'].map((id) => parseInbound(moText(id)));
    const source = {
      async *iterate() {
        yield* items;
      },
    };
    // 01OLD was handled before, through a job.
    await worker.process({ type: 'mo_text', body: moText('01OLD'), dedupeKey: 'mo:01OLD', source: 'webhook', receivedAt: NOW, signedAheadMs: 0 });

    const report = await web.reconcile(source, { since: new Date(Date.now() - 60_000) });
    expect(report).toMatchObject({ seen: 2, queued: 1, duplicates: 1, handled: 0, deferred: 0, failedIds: [] });
    expect(jobs.map((j) => [j.dedupeKey, j.source])).toEqual([['mo:01NEW', 'reconcile']]);
    await expect(worker.process(JSON.parse(JSON.stringify(jobs[0])) as QueuedCallback)).resolves.toMatchObject({ type: 'handled' });
    expect(handled).toEqual(['01OLD', '01NEW']);

    full = true;
    items.push(parseInbound(moText('01LATER')));
    const deferred = await web.reconcile(source, { since: new Date(Date.now() - 60_000) });
    expect(deferred).toMatchObject({ seen: 3, queued: 0, duplicates: 2, deferred: 1, failedIds: ['01LATER'] });
  });
});
