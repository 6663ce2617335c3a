import { createWebhookReceiver, silentLogger } from '@sinch-inbounds/core';
import { signedCallbackHeaders, startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisDedupeStore } from '../src/index.js';
import { moTextBody, SECRET } from './support/callbacks.js';
import { clientKinds, type ClientKind, type TestClient } from './support/clients.js';

const kinds: ClientKind[] = ['node-redis 6', 'ioredis 6'];
const SKEW = 400_000; // Sinch's clock runs this far ahead of the receivers': more than the 300 s window

let redis: TestRedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

let n = 0;

describe.each(kinds)('%s', (kind) => {
  let c: TestClient;
  beforeAll(async () => {
    c = await clientKinds[kind](redis.url);
  });
  afterAll(async () => {
    await c?.quit();
  });

  it('recordClockLead keeps the largest lead beside the memory marker, without expiry, shared by every store on the prefix', async () => {
    const prefix = `lead${++n}:`;
    const one = redisDedupeStore(c.client, { prefix });
    const two = redisDedupeStore(c.client, { prefix });
    expect(await one.recordClockLead(0)).toBe(0);
    expect(await one.recordClockLead(399_500.2)).toBe(399_501);
    expect(await two.recordClockLead(10_000)).toBe(399_501);
    expect(await two.recordClockLead(-50_000)).toBe(399_501);
    expect(await c.command('GET', `${prefix}dedupe-lead`)).toBe('399501');
    expect(Number(await c.command('PTTL', `${prefix}dedupe-lead`))).toBe(-1);
  });

  it('clock 400 s behind Sinch: a receiver restarted on the same Redis counts the lead seen before it, so the original request handled before the memory began and replayed 13 min later is refused, not handled again', async () => {
    const prefix = `restart${++n}:`;
    let elapsed = 0;
    const clock = () => Date.now() + elapsed;
    const handled: string[] = [];
    const receiver = () => {
      const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: clock, dedupe: redisDedupeStore(c.client, { prefix }) });
      r.on('mo_text', (m) => void handled.push(m.id));
      return r;
    };
    const signedNow = (body: string) => signedCallbackHeaders(body, { secret: SECRET, timestamp: Math.floor((clock() + SKEW) / 1000) });

    // Redis's memory began an hour ago; the first receiver handles a message signed 400 s
    // ahead of its clock (vouched for: the memory is old enough).
    await c.command('SET', `${prefix}dedupe-since`, String(Date.now() - 3_600_000));
    const first = receiver();
    const id = `01SKEWREDIS${n}`;
    const body = moTextBody(id);
    const original = { method: 'POST', headers: signedNow(body), body };
    expect((await first.handle(original)).status).toBe(200);
    expect(handled).toEqual([id]);

    // 50 s later Redis restarts without persistence: its memory begins again, the record
    // of that message gone with it.
    elapsed += 50_000;
    await c.command('FLUSHDB');
    // The first receiver goes on; Sinch's next callback is judged against the new memory
    // (too young for it, as for any signed within window + lead of the memory's start).
    elapsed += 720_000;
    const next = moTextBody(`01SKEWNEXT${n}`);
    expect((await first.handle({ method: 'POST', headers: signedNow(next), body: next })).status).toBe(200);

    // Then the receiver restarts: a new one on the same Redis, which has seen no
    // signature yet. The original request of the first message comes back.
    const second = receiver();
    elapsed += 10_000;
    const replay = await second.handle(original);
    expect(handled).toEqual([id, `01SKEWNEXT${n}`]);
    expect(replay.status).toBe(401);
    // What the new receiver counted: the lead the first one recorded with the new marker.
    expect(Number(await c.command('GET', `${prefix}dedupe-lead`))).toBeGreaterThanOrEqual(SKEW - 1000);
  });
});
