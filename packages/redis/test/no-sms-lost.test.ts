import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHandler, createWebhookReceiver, type SinchCallback } from '@sinch-inbounds/core';
import { createRecordingLogger, startRedisServer, startSinchSimulator, type DeliveryRecord, type SinchSimulator, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisDedupeStore, redisReplayGuard } from '../src/index.js';
import { SECRET } from './support/callbacks.js';
import { clientKinds, type ClientKind, type TestClient } from './support/clients.js';
import { startReplyCuttingProxy, type ReplyCuttingProxy } from './support/reply-cutting-proxy.js';

// Issue 25, items 1 and 2, end to end: the simulator delivering as Sinch does, with the
// original signed request on every retry, to a receiver whose stores are on a real
// redis-server. Sinch's retry schedule (5 s · 2^k) at a hundredth.
const TIME_SCALE = 0.01;
const kinds: ClientKind[] = ['node-redis 6', 'ioredis 6'];

const idOf = (callback: SinchCallback): string => ('id' in callback && typeof callback.id === 'string' ? callback.id : callback.type);

describe.each(kinds)('%s: no SMS lost, end to end on the simulator', (kind) => {
  let redis: TestRedisServer;
  let proxy: ReplyCuttingProxy;
  let c: TestClient;
  let server: Server | undefined;
  let sim: SinchSimulator | undefined;
  beforeEach(async () => {
    redis = await startRedisServer();
    proxy = await startReplyCuttingProxy(redis.port);
    c = await clientKinds[kind](proxy.url);
  });
  afterEach(async () => {
    await sim?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    sim = server = undefined;
    await c.quit();
    await proxy.close();
    await redis.close();
  });

  /** A receiver on the Redis stores, served over HTTP, its handler's successes counted per id. */
  async function start(handler: (callback: SinchCallback, run: number) => Promise<void> = async () => {}, deliveryTimeoutMs?: number) {
    const receiver = createWebhookReceiver({
      secret: SECRET,
      dedupe: redisDedupeStore(c.client),
      replayGuard: redisReplayGuard(c.client),
      logger: createRecordingLogger(),
    });
    receiver.on('error', () => {});
    const runs = new Map<string, number>();
    const successes = new Map<string, number>();
    receiver.on('*', async (callback) => {
      const id = idOf(callback);
      const run = (runs.get(id) ?? 0) + 1;
      runs.set(id, run);
      await handler(callback, run);
      successes.set(id, (successes.get(id) ?? 0) + 1);
    });
    server = createServer(createNodeHandler(receiver));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sinch/callbacks`;
    sim = await startSinchSimulator({ webhook: { url, secret: SECRET }, timeScale: TIME_SCALE, redeliverySignature: 'original', ...(deliveryTimeoutMs === undefined ? {} : { deliveryTimeoutMs }) });
    return { sim, successes };
  }

  const never401 = (records: readonly DeliveryRecord[]) => expect(records.flatMap((r) => r.attempts).filter((a) => a.status === 401)).toEqual([]);

  it('item 1: the original signed request sent again while a handler slower than Sinch still runs: delivered, each handled once', async () => {
    const { sim, successes } = await start(async (callback, run) => {
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      if ('body' in callback && String(callback.body).startsWith('fail first') && run === 1) throw new Error('database down');
    }, 1_000);
    const sent = await Promise.all([sim.send({ body: 'slow but fine' }), sim.send({ body: 'fail first, then fine' })]);
    const records = await Promise.all(sent.map((s) => s.delivery!));
    expect(records.map((r) => r.outcome)).toEqual(['delivered', 'delivered']);
    for (const r of records) expect(r.attempts[0]!.error).toMatch(/timed out/);
    never401(records);
    for (const s of sent) expect(successes.get(s.inbound.id)).toBe(1);
  }, 30_000);

  it('item 2: the reply to the nonce write lost: delivered, handled once, with and without a dedupe key', async () => {
    const { sim, successes } = await start();
    // Warm up: Redis has the scripts cached, so the cut write is one Redis runs.
    expect((await (await sim.send({ body: 'warm-up' })).delivery!).outcome).toBe('delivered');
    const records: DeliveryRecord[] = [];
    const ids: string[] = [];
    for (const send of [() => sim.sendCallback({ type: 'mo_hologram', shape: 'cube' }), () => sim.send({ body: 'reply lost' })]) {
      const cut = proxy.cutReplyTo('nonce:');
      const sent = await send();
      ids.push('inbound' in sent ? sent.inbound.id : 'mo_hologram');
      records.push(await sent.delivery!);
      await cut;
    }
    expect(records.map((r) => r.outcome)).toEqual(['delivered', 'delivered']);
    never401(records);
    for (const id of ids) expect(successes.get(id)).toBe(1);
  }, 30_000);
});
