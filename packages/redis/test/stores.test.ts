import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREFIX, RedisNotReadyError, redisDedupeStore, redisReplayGuard } from '../src/index.js';
import { clientKindNames, clientKinds, type TestClient } from './support/clients.js';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';

let redis: TestRedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let n = 0;
// Every test uses its own prefix, so tests never see each other's keys.
const freshPrefix = () => `t${++n}:`;

describe.each(clientKindNames)('%s', (kind) => {
  let c: TestClient;
  beforeAll(async () => {
    c = await clientKinds[kind](redis.url);
  });
  afterAll(async () => {
    await c?.quit();
  });

  describe('redisDedupeStore', () => {
    it('claims once, then answers in_flight; complete makes it done for the TTL; release frees it', async () => {
      const prefix = freshPrefix();
      const store = redisDedupeStore(c.client, { prefix });
      expect(await store.claim('a', 60_000)).toBe('claimed');
      expect(await store.claim('a', 60_000)).toBe('in_flight');
      const claimTtl = Number(await c.command('PTTL', `${prefix}dedupe:a`));
      expect(claimTtl).toBeGreaterThan(50_000);
      expect(claimTtl).toBeLessThanOrEqual(60_000);

      await store.complete('a', 3_600_000);
      expect(await store.claim('a', 60_000)).toBe('done');
      expect(await c.command('GET', `${prefix}dedupe:a`)).toBe('done');
      const doneTtl = Number(await c.command('PTTL', `${prefix}dedupe:a`));
      expect(doneTtl).toBeGreaterThan(3_500_000);
      expect(doneTtl).toBeLessThanOrEqual(3_600_000);

      expect(await store.claim('b', 60_000)).toBe('claimed');
      await store.release('b');
      expect(await c.command('EXISTS', `${prefix}dedupe:b`)).toBe(0);
      expect(await store.claim('b', 60_000)).toBe('claimed');
    });

    it('shares claims between stores (instances) on the same Redis and prefix', async () => {
      const prefix = freshPrefix();
      const one = redisDedupeStore(c.client, { prefix });
      const two = redisDedupeStore(c.client, { prefix });
      const answers = await Promise.all([one.claim('k', 60_000), two.claim('k', 60_000), one.claim('k', 60_000), two.claim('k', 60_000)]);
      expect(answers.filter((a) => a === 'claimed')).toHaveLength(1);
      expect(answers.filter((a) => a === 'in_flight')).toHaveLength(3);
      await one.complete('k', 60_000);
      expect(await two.claim('k', 60_000)).toBe('done');
    });

    it('lets a claim lapse after its lease, so another instance takes the key over', async () => {
      const prefix = freshPrefix();
      const crashed = redisDedupeStore(c.client, { prefix });
      const other = redisDedupeStore(c.client, { prefix });
      expect(await crashed.claim('k', 40)).toBe('claimed');
      expect(await other.claim('k', 60_000)).toBe('in_flight');
      await sleep(80);
      expect(await other.claim('k', 60_000)).toBe('claimed');
    });

    it('release after a lapsed lease leaves the new owner’s claim alone', async () => {
      const prefix = freshPrefix();
      const slow = redisDedupeStore(c.client, { prefix });
      const other = redisDedupeStore(c.client, { prefix });
      expect(await slow.claim('k', 40)).toBe('claimed');
      await sleep(80);
      expect(await other.claim('k', 60_000)).toBe('claimed');
      await slow.release('k');
      expect(await slow.claim('k', 60_000)).toBe('in_flight');
    });

    it('forgets a done key after its TTL', async () => {
      const store = redisDedupeStore(c.client, { prefix: freshPrefix() });
      expect(await store.claim('k', 60_000)).toBe('claimed');
      await store.complete('k', 40);
      expect(await store.claim('k', 60_000)).toBe('done');
      await sleep(80);
      expect(await store.claim('k', 60_000)).toBe('claimed');
    });

    it('keeps every key under its prefix (default: the library name) and apart from other prefixes', async () => {
      const byDefault = redisDedupeStore(c.client);
      const key = `default-${kind}-${Date.now()}`;
      expect(await byDefault.claim(key, 60_000)).toBe('claimed');
      expect(DEFAULT_PREFIX).toBe('sinch-inbounds:');
      expect(await c.command('EXISTS', `sinch-inbounds:dedupe:${key}`)).toBe(1);
      await byDefault.release(key);

      const a = redisDedupeStore(c.client, { prefix: 'tenant-a:' });
      const b = redisDedupeStore(c.client, { prefix: 'tenant-b:' });
      expect(await a.claim(key, 60_000)).toBe('claimed');
      expect(await b.claim(key, 60_000)).toBe('claimed');
      expect(await c.command('EXISTS', `tenant-a:dedupe:${key}`, `tenant-b:dedupe:${key}`)).toBe(2);
    });

    it('says since when its memory is complete: a marker written once, fresh after the memory is flushed', async () => {
      const prefix = freshPrefix();
      const store = redisDedupeStore(c.client, { prefix });
      const before = Date.now();
      const since = await store.rememberedSince();
      expect(since).toBeGreaterThanOrEqual(before);
      expect(since).toBeLessThanOrEqual(Date.now());
      await sleep(5);
      expect(await redisDedupeStore(c.client, { prefix }).rememberedSince()).toBe(since);
      expect(Number(await c.command('GET', `${prefix}dedupe-since`))).toBe(since);
      expect(Number(await c.command('PTTL', `${prefix}dedupe-since`))).toBe(-1);

      // What FLUSHALL or a restart without persistence does to these keys.
      await c.command('DEL', `${prefix}dedupe-since`);
      await sleep(5);
      expect(await store.rememberedSince()).toBeGreaterThan(since);
    });

    it('still works when Redis lost its script cache (restart, SCRIPT FLUSH)', async () => {
      const store = redisDedupeStore(c.client, { prefix: freshPrefix() });
      expect(await store.claim('k', 60_000)).toBe('claimed');
      await c.command('SCRIPT', 'FLUSH');
      expect(await store.claim('k', 60_000)).toBe('in_flight');
      await c.command('SCRIPT', 'FLUSH');
      await store.release('k');
      expect(await store.claim('k', 60_000)).toBe('claimed');
    });
  });

  describe('redisReplayGuard', () => {
    it('remembers a nonce until it expires, refuses it meanwhile, and forgets it on request', async () => {
      const prefix = freshPrefix();
      const guard = redisReplayGuard(c.client, { prefix });
      const now = Date.now();
      expect(await guard.remember('n1', now + 600_000, now)).toBe(true);
      expect(await guard.remember('n1', now + 600_000, now)).toBe(false);
      expect(await redisReplayGuard(c.client, { prefix }).remember('n1', now + 600_000, now)).toBe(false);
      const ttl = Number(await c.command('PTTL', `${prefix}nonce:n1`));
      expect(ttl).toBeGreaterThan(590_000);
      expect(ttl).toBeLessThanOrEqual(600_000);

      await guard.forget('n1');
      expect(await c.command('EXISTS', `${prefix}nonce:n1`)).toBe(0);
      expect(await guard.remember('n1', now + 600_000, now)).toBe(true);

      const soon = Date.now();
      expect(await guard.remember('n2', soon + 40, soon)).toBe(true);
      await sleep(80);
      expect(await guard.remember('n2', Date.now() + 40, Date.now())).toBe(true);
    });

    it('keeps nonces under its prefix', async () => {
      const now = Date.now();
      const a = redisReplayGuard(c.client, { prefix: 'guard-a:' });
      const b = redisReplayGuard(c.client, { prefix: 'guard-b:' });
      const nonce = `${kind}-${now}`;
      expect(await a.remember(nonce, now + 60_000, now)).toBe(true);
      expect(await b.remember(nonce, now + 60_000, now)).toBe(true);
      expect(await redisReplayGuard(c.client).remember(nonce, now + 60_000, now)).toBe(true);
      expect(await c.command('EXISTS', `guard-a:nonce:${nonce}`, `guard-b:nonce:${nonce}`, `sinch-inbounds:nonce:${nonce}`)).toBe(3);
    });
  });
});

describe('a Redis that is down', () => {
  it.each(clientKindNames)('%s: every call fails at once (no offline queue), and works again once Redis is back', async (kind) => {
    const own = await startRedisServer();
    const c = await clientKinds[kind](own.url);
    try {
      const store = redisDedupeStore(c.client, { prefix: freshPrefix() });
      const guard = redisReplayGuard(c.client, { prefix: freshPrefix() });
      expect(await store.claim('k', 60_000)).toBe('claimed');
      await own.stop();
      // Wait until the client noticed (it reconnects in the background).
      await expect.poll(() => store.claim('k2', 60_000).then(() => 'answered', (error: unknown) => error)).toBeInstanceOf(RedisNotReadyError);
      const started = Date.now();
      // (forget() is the exception: it waits for the reconnect, see the adapters.)
      const calls = [store.claim('k3', 60_000), store.complete('k', 60_000), store.release('k'), store.rememberedSince(), guard.remember('n', Date.now() + 60_000, Date.now())];
      for (const call of calls) await expect(call).rejects.toBeInstanceOf(RedisNotReadyError);
      // "At once": nothing waited for a reconnect (the generous bound only guards against a hang).
      expect(Date.now() - started).toBeLessThan(1_000);

      await own.start();
      await expect.poll(() => store.claim('k', 60_000).catch((error: unknown) => error), { timeout: 10_000 }).toBe('claimed');
      expect(await guard.remember('n', Date.now() + 60_000, Date.now())).toBe(true);
    } finally {
      await c.quit();
      await own.close();
    }
  });
});

describe('a client still connecting at start-up', () => {
  it('is waited for rather than failed, for both libraries', async () => {
    const { Redis } = await import('ioredis');
    const { createClient } = await import('redis');
    const io = new Redis(redis.url);
    const node = createClient({ url: redis.url });
    node.on('error', () => {});
    const connecting = node.connect();
    try {
      expect(io.status).not.toBe('ready');
      expect(node.isReady).toBe(false);
      const prefix = freshPrefix();
      expect(await redisDedupeStore(io, { prefix }).claim('k', 60_000)).toBe('claimed');
      expect(await redisDedupeStore(node, { prefix }).claim('k', 60_000)).toBe('in_flight');
    } finally {
      await connecting;
      io.disconnect();
      node.destroy();
    }
  });
});

describe('creation', () => {
  it('refuses anything that is not a node-redis or ioredis client, at once', () => {
    expect(() => redisDedupeStore({} as never)).toThrow(/expected a node-redis \(`redis`\) or ioredis client, got Object/);
    expect(() => redisReplayGuard(null as never)).toThrow(/got null/);
    expect(() => redisDedupeStore(new Map() as never)).toThrow(/got Map/);
  });
});
