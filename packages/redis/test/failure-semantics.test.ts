import { createWebhookReceiver, type WebhookReceiverError } from '@sinch-inbounds/core';
import { createRecordingLogger, startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisDedupeStore, redisReplayGuard } from '../src/index.js';
import { moTextBody, SECRET, signedRequest } from './support/callbacks.js';
import { clientKinds, type ClientKind, type TestClient } from './support/clients.js';
import { countingClient } from './support/counting-client.js';

// One node-redis and one ioredis major each: the adapters' fail-fast paths differ per library.
const kinds: ClientKind[] = ['node-redis 6', 'ioredis 6'];

describe.each(kinds)('%s: Redis down, slow or refusing', (kind) => {
  let redis: TestRedisServer;
  let c: TestClient;
  let admin: TestClient;
  beforeEach(async () => {
    redis = await startRedisServer();
    c = await clientKinds[kind](redis.url);
    admin = await clientKinds[kind](redis.url);
  });
  afterEach(async () => {
    await c.quit();
    await admin.quit();
    await redis.close();
  });

  function receiverOn(options: { storeTimeoutMs?: number } = {}) {
    const logger = createRecordingLogger();
    const receiver = createWebhookReceiver({
      secret: SECRET,
      dedupe: redisDedupeStore(c.client),
      replayGuard: redisReplayGuard(c.client),
      logger,
      ...options,
    });
    const handled: string[] = [];
    receiver.on('mo_text', (m) => void handled.push(m.id));
    const reported: WebhookReceiverError[] = [];
    receiver.on('error', (e) => void reported.push(e));
    return { receiver, logger, handled, reported };
  }

  it('down: every callback is answered 500 at once, one error line for the outage; once Redis is back the redeliveries are handled exactly once', async () => {
    const { receiver, logger, handled } = receiverOn();
    expect((await receiver.handle(signedRequest(moTextBody('01BEFORE')))).status).toBe(200);

    await redis.stop();
    const requests = Array.from({ length: 10 }, (_, i) => signedRequest(moTextBody(`01DOWN${i}`)));
    // The client notices the lost connection asynchronously; from then on every answer is a quick 500.
    await expect.poll(async () => (await receiver.handle(signedRequest(moTextBody('01PROBE')))).status).toBe(500);
    for (const request of requests) expect((await receiver.handle(request)).status).toBe(500);
    expect(handled).toEqual(['01BEFORE']);
    const errors = logger.entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/the replay guard is failing/);
    // Not connected — or, for a call in flight as the connection dropped (ioredis re-sends
    // those after reconnecting), no answer within storeTimeoutMs.
    expect(String((errors[0]?.context?.error as Error).message)).toMatch(/Redis is not connected|did not answer within 5000 ms/);

    await redis.start();
    // Sinch redelivers the very same signed requests: none was remembered as seen.
    await expect.poll(async () => (await receiver.handle(requests[0]!)).status, { timeout: 10_000 }).toBe(200);
    // Now a replay of an accepted request: a duplicate, not handled again.
    expect((await receiver.handle(requests[0]!)).body).toBe('{"status":"duplicate"}');
    for (const request of requests.slice(1)) expect((await receiver.handle(request)).status).toBe(200);
    // Freshly signed redeliveries of every message: each was handled once, none again.
    for (let i = 0; i < 10; i++) expect((await receiver.handle(signedRequest(moTextBody(`01DOWN${i}`)))).status).toBe(200);
    expect(handled.sort()).toEqual(['01BEFORE', ...Array.from({ length: 10 }, (_, i) => `01DOWN${i}`)].sort());
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(1);
    expect(logger.entries.filter((e) => e.level === 'info').map((e) => e.message)).toEqual([expect.stringMatching(/the replay guard answers again/)]);
  });

  it('down: a nonce write that failed before it was sent is not followed by a DEL waiting in the client’s offline queue', async () => {
    const { client, calls } = countingClient(c.client);
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe: redisDedupeStore(client), replayGuard: redisReplayGuard(client), logger: createRecordingLogger() });
    receiver.on('error', () => {});
    await redis.stop();
    await expect.poll(async () => (await receiver.handle(signedRequest(moTextBody('01PROBE')))).status).toBe(500);
    // Once the client knows it is disconnected, calls fail before anything is sent.
    await expect.poll(async () => {
      calls.length = 0;
      await receiver.handle(signedRequest(moTextBody('01PROBE')));
      return calls.length;
    }).toBe(0);
    for (let i = 0; i < 20; i++) expect((await receiver.handle(signedRequest(moTextBody(`01DOWN${i}`)))).status).toBe(500);
    expect(calls).toEqual([]);
  });

  it('slow: a call past storeTimeoutMs is a 500, and the same signed request is accepted once Redis answers again', async () => {
    const { receiver, handled, reported } = receiverOn({ storeTimeoutMs: 100 });
    const request = signedRequest(moTextBody('01SLOW'));
    // Redis holds every write for 600 ms, as a busy or failing-over server does.
    await admin.command('CLIENT', 'PAUSE', '600', 'WRITE');
    const started = Date.now();
    expect((await receiver.handle(request)).status).toBe(500);
    expect(Date.now() - started).toBeLessThan(590);
    expect(reported.map((e) => e.kind)).toEqual(['replay_guard']);
    // A write of our own returns once the pause is over. The timed-out write then lands,
    // and the forget the receiver sent behind it on the same connection, before the
    // redelivery's write that follows them there.
    await admin.command('SET', 'test:pause-over', '1');
    expect((await receiver.handle(request)).status).toBe(200);
    expect(handled).toEqual(['01SLOW']);
  });

  it('refusing the record of a success (out of memory after the handler ran): 200, as core answers, and "failed to record" reported', async () => {
    const { receiver, handled, reported } = receiverOn();
    receiver.on('mo_text', async () => {
      // Redis fills up while the handler runs: the claim was taken, the record is refused.
      await admin.command('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
      await admin.command('CONFIG', 'SET', 'maxmemory', '1');
    });
    const response = await receiver.handle(signedRequest(moTextBody('01NORECORD')));
    await admin.command('CONFIG', 'SET', 'maxmemory', '0');
    expect(response.status).toBe(200);
    expect(handled).toEqual(['01NORECORD']);
    expect(reported.map((e) => [e.kind, e.message])).toEqual([['dedupe', expect.stringMatching(/failed to record/)]]);
    expect(String((reported[0]?.cause as Error).message)).toMatch(/OOM/);
    // What is left is the claim, not `done`: a redelivery after dedupeLeaseMs runs the handler again.
    expect(String(await admin.command('GET', 'sinch-inbounds:dedupe:mo:01NORECORD'))).toMatch(/^claim:/);
  });

  it('refusing (out of memory): 500 and reported, never 200 without a record; accepted again once Redis accepts writes', async () => {
    const { receiver, handled, reported } = receiverOn();
    await admin.command('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    await admin.command('CONFIG', 'SET', 'maxmemory', '1');
    const request = signedRequest(moTextBody('01OOM'));
    expect((await receiver.handle(request)).status).toBe(500);
    expect(handled).toEqual([]);
    expect(reported[0]?.kind).toBe('replay_guard');
    expect(String((reported[0]?.cause as Error).message)).toMatch(/OOM/);
    await admin.command('CONFIG', 'SET', 'maxmemory', '0');
    expect((await receiver.handle(request)).status).toBe(200);
    expect(handled).toEqual(['01OOM']);
  });
});

describe.each(kinds)('%s: the README’s other failure cases', (kind) => {
  let primary: TestRedisServer;
  let extra: TestRedisServer | undefined;
  const clients: TestClient[] = [];
  beforeEach(async () => {
    primary = await startRedisServer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.quit();
    await extra?.close();
    extra = undefined;
    await primary.close();
  });
  const connect = async (url: string) => {
    const client = await clientKinds[kind](url);
    clients.push(client);
    return client;
  };

  it('a read-only replica: 500 and reported, no handler run, never 200 without a record; handled once when it is promoted', async () => {
    extra = await startRedisServer();
    const replica = await connect(extra.url);
    // A replica in sync, as a client pointed at the wrong node (or at a demoted primary) finds it.
    await (await connect(primary.url)).command('CONFIG', 'SET', 'repl-diskless-sync-delay', '0');
    await replica.command('REPLICAOF', '127.0.0.1', String(primary.port));
    await expect.poll(async () => String(await replica.command('INFO', 'replication')), { timeout: 10_000 }).toMatch(/master_link_status:up/);
    const receiver = createWebhookReceiver({
      secret: SECRET,
      dedupe: redisDedupeStore(replica.client),
      replayGuard: redisReplayGuard(replica.client),
      logger: createRecordingLogger(),
    });
    const handled: string[] = [];
    const reported: WebhookReceiverError[] = [];
    receiver.on('mo_text', (m) => void handled.push(m.id));
    receiver.on('error', (e) => void reported.push(e));
    const request = signedRequest(moTextBody('01REPLICA'));
    expect((await receiver.handle(request)).status).toBe(500);
    expect(handled).toEqual([]);
    expect(reported.map((e) => e.kind)).toEqual(['replay_guard']);
    expect(String((reported[0]?.cause as Error).message)).toMatch(/READONLY/);
    // A failover promotes it: Sinch's redelivery of the same signed request is handled.
    await replica.command('REPLICAOF', 'NO', 'ONE');
    expect((await receiver.handle(request)).status).toBe(200);
    expect(handled).toEqual(['01REPLICA']);
  });

  it('a claim that timed out but still landed holds its key until dedupeLeaseMs passes: 500s until then, then handled once', async () => {
    const c = await connect(primary.url);
    const admin = await connect(primary.url);
    const leaseMs = 1_500;
    const receiver = createWebhookReceiver({
      secret: SECRET,
      // The default replay guard, so that only the claim meets the paused Redis.
      dedupe: redisDedupeStore(c.client),
      dedupeLeaseMs: leaseMs,
      handlerTimeoutMs: leaseMs,
      duplicateWaitMs: 100,
      storeTimeoutMs: 100,
      logger: createRecordingLogger(),
    });
    const handled: string[] = [];
    const reported: WebhookReceiverError[] = [];
    receiver.on('mo_text', (m) => void handled.push(m.id));
    receiver.on('error', (e) => void reported.push(e));
    // Warm up: the memory marker and the claim script are in Redis before the pause.
    expect((await receiver.handle(signedRequest(moTextBody('01WARMUP')))).status).toBe(200);

    // Redis holds writes for 400 ms, longer than storeTimeoutMs: the claim times out here,
    // then runs in Redis once the pause ends.
    await admin.command('CLIENT', 'PAUSE', '400', 'WRITE');
    const body = moTextBody('01LANDEDLATE');
    expect((await receiver.handle(signedRequest(body))).status).toBe(500);
    expect(reported.map((e) => e.kind)).toEqual(['dedupe']);
    const key = 'sinch-inbounds:dedupe:mo:01LANDEDLATE';
    await expect.poll(async () => String(await admin.command('GET', key))).toMatch(/^claim:/);
    const landedAt = Date.now();

    // Sinch's redeliveries meanwhile find the key held: 500 (retried), not handled, not lost.
    expect((await receiver.handle(signedRequest(body))).status).toBe(500);
    expect(handled).toEqual(['01WARMUP']);
    // Once the lease has passed, the next redelivery is handled, once.
    await expect.poll(async () => (await receiver.handle(signedRequest(body))).status, { timeout: 5_000, interval: 100 }).toBe(200);
    expect(Date.now() - landedAt).toBeGreaterThanOrEqual(leaseMs - 450);
    expect(handled).toEqual(['01WARMUP', '01LANDEDLATE']);
    expect((await receiver.handle(signedRequest(body))).body).toBe('{"status":"duplicate"}');
  });
});
