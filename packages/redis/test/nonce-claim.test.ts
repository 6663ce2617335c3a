import { NonceCache, type NonceClaim, type ReplayGuard } from '@sinch-inbounds/core';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisNotReadyError, redisDedupeStore, redisReplayGuard, type RedisDedupeStore, type RedisReplayGuard } from '../src/index.js';
import { clientKindNames, clientKinds, type ClientKind, type TestClient } from './support/clients.js';
import { countingClient } from './support/counting-client.js';
import { clientBehindProxyPerTest } from './support/reply-cutting-proxy.js';

const LEASE = 60_000;
let n = 0;
// Every test uses its own prefix, so tests never see each other's keys.
const freshPrefix = () => `nc${++n}:`;

/** The arguments of claimWithNonce after key and guard: a nonce remembered for ten minutes. */
const tenMinutes = (): [number, number] => {
  const now = Date.now();
  return [now + 600_000, now];
};

let redis: TestRedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

describe.each(clientKindNames)('%s: claimWithNonce', (kind) => {
  let c: TestClient;
  beforeAll(async () => {
    c = await clientKinds[kind](redis.url);
  });
  afterAll(async () => {
    await c?.quit();
  });

  function pair(prefix = freshPrefix()) {
    return { prefix, store: redisDedupeStore(c.client, { prefix }), guard: redisReplayGuard(c.client, { prefix }) };
  }
  /** `store.claimWithNonce` for a pair that must answer. */
  function claimWithNonce(store: RedisDedupeStore, key: string, guard: ReplayGuard, nonce: string): Promise<NonceClaim> {
    const answer = store.claimWithNonce(key, LEASE, guard, nonce, ...tenMinutes());
    if (answer === undefined) throw new Error('the store did not pair with the guard');
    return answer;
  }

  it('a fresh nonce × a key claimed now, done, or in flight elsewhere: each answered as remember and claim would', async () => {
    const { store, guard } = pair();
    expect(await claimWithNonce(store, 'new', guard, 'n1')).toEqual({ fresh: true, claim: 'claimed' });
    await store.complete('new', 60_000);
    expect(await claimWithNonce(store, 'new', guard, 'n2')).toEqual({ fresh: true, claim: 'done' });
    expect(await store.claim('held', LEASE)).toBe('claimed');
    expect(await claimWithNonce(store, 'held', guard, 'n3')).toEqual({ fresh: true, claim: 'in_flight' });
  });

  it('a seen nonce × a key claimed now, done, or in flight: the claim is still taken or answered (the receiver tells Sinch’s own re-sending from a replay by it)', async () => {
    const { store, guard } = pair();
    expect(await claimWithNonce(store, 'k1', guard, 'seen1')).toEqual({ fresh: true, claim: 'claimed' });
    expect(await claimWithNonce(store, 'k1', guard, 'seen1')).toEqual({ fresh: false, claim: 'in_flight' });
    await store.release('k1');
    expect(await claimWithNonce(store, 'k1', guard, 'seen1')).toEqual({ fresh: false, claim: 'claimed' });
    await store.complete('k1', 60_000);
    expect(await claimWithNonce(store, 'k1', guard, 'seen1')).toEqual({ fresh: false, claim: 'done' });
  });

  it('writes the dedupe key under its usual name and the nonce key in its hash slot, each with its TTL', async () => {
    const { prefix, store, guard } = pair();
    const now = Date.now();
    expect(await store.claimWithNonce('mo:01A', 30_000, guard, 'abc', now + 120_000, now)).toEqual({ fresh: true, claim: 'claimed' });
    const dedupeKey = `${prefix}dedupe:mo:01A`;
    const nonceKey = `{${dedupeKey}}${prefix}nonce:abc`;
    expect(store.nonceKeyOf('mo:01A', 'abc', guard)).toBe(nonceKey);
    expect(String(await c.command('GET', dedupeKey))).toMatch(/^claim:[0-9a-f-]{36}\.\d+$/);
    const claimTtl = Number(await c.command('PTTL', dedupeKey));
    expect(claimTtl).toBeGreaterThan(25_000);
    expect(claimTtl).toBeLessThanOrEqual(30_000);
    expect(String(await c.command('GET', nonceKey))).toMatch(/^\d+$/);
    const nonceTtl = Number(await c.command('PTTL', nonceKey));
    expect(nonceTtl).toBeGreaterThan(115_000);
    expect(nonceTtl).toBeLessThanOrEqual(120_000);
    // The plain guard's key for the same nonce is another key, untouched.
    expect(await c.command('EXISTS', `${prefix}nonce:abc`)).toBe(0);
    // Done: the claim replaced, never overwritten by a later claim.
    await store.complete('mo:01A', 3_600_000);
    expect((await claimWithNonce(store, 'mo:01A', guard, 'other')).claim).toBe('done');
    expect(await c.command('GET', dedupeKey)).toBe('done');
    expect(Number(await c.command('PTTL', dedupeKey))).toBeGreaterThan(3_500_000);
  });

  it('a prefix that carries a hash tag: the nonce key is the guard’s own key, already in that slot', async () => {
    const prefix = `{app-${kind.replace(/ /g, '')}-${++n}}:`;
    const { store, guard } = pair(prefix);
    expect(store.nonceKeyOf('mo:01B', 'n', guard)).toBe(`${prefix}nonce:n`);
    expect(await claimWithNonce(store, 'mo:01B', guard, 'n')).toEqual({ fresh: true, claim: 'claimed' });
    // So the plain path and the combined path share the nonce's memory.
    const now = Date.now();
    expect(await guard.remember('n', now + 60_000, now)).toBe(false);
  });

  it('shares claims and nonces between instances on the same Redis and prefix: one claimer among concurrent copies', async () => {
    const prefix = freshPrefix();
    const instances = Array.from({ length: 4 }, () => pair(prefix));
    const answers = await Promise.all(instances.map(({ store, guard }) => claimWithNonce(store, 'k', guard, 'same-nonce')));
    expect(answers.filter((a) => a.fresh)).toHaveLength(1);
    expect(answers.filter((a) => a.claim === 'claimed')).toHaveLength(1);
    expect(answers.filter((a) => a.claim === 'in_flight')).toHaveLength(3);
    // The one whose nonce was fresh is the one that claimed: both steps ran in one script.
    expect(answers.find((a) => a.fresh)?.claim).toBe('claimed');
  });

  it('release frees only this store’s claim taken with a nonce, never another instance’s nor done', async () => {
    const prefix = freshPrefix();
    const one = pair(prefix);
    const two = pair(prefix);
    expect((await claimWithNonce(one.store, 'k', one.guard, 'a')).claim).toBe('claimed');
    await two.store.release('k');
    expect((await claimWithNonce(two.store, 'k', two.guard, 'b')).claim).toBe('in_flight');
    await one.store.release('k');
    expect((await claimWithNonce(two.store, 'k', two.guard, 'c')).claim).toBe('claimed');
    await two.store.complete('k', 60_000);
    await two.store.release('k');
    expect((await claimWithNonce(one.store, 'k', one.guard, 'd')).claim).toBe('done');
  });

  it('forgetNonce deletes that nonce key only: not the claim, not another nonce, not the guard’s plain key', async () => {
    const { prefix, store, guard } = pair();
    const now = Date.now();
    expect(await guard.remember('n1', now + 60_000, now)).toBe(true);
    await claimWithNonce(store, 'k', guard, 'n1');
    await claimWithNonce(store, 'k2', guard, 'n2');
    const before = await c.command('GET', `${prefix}dedupe:k`);
    await store.forgetNonce('k', 'n1', guard);
    expect(await c.command('EXISTS', store.nonceKeyOf('k', 'n1', guard)!)).toBe(0);
    expect(await c.command('EXISTS', store.nonceKeyOf('k2', 'n2', guard)!, `${prefix}nonce:n1`)).toBe(2);
    expect(await c.command('GET', `${prefix}dedupe:k`)).toBe(before);
    // The same signed request is accepted again: fresh, and (after its claim's release) claimed.
    await store.release('k');
    expect(await claimWithNonce(store, 'k', guard, 'n1')).toEqual({ fresh: true, claim: 'claimed' });
  });

  it('answers undefined, synchronously, for a guard it does not keep the nonces of; forgetNonce then asks that guard', async () => {
    const { prefix, store, guard } = pair();
    const other = await clientKinds[kind](redis.url);
    try {
      const notMine: [string, ReplayGuard][] = [
        ['another prefix', redisReplayGuard(c.client, { prefix: `${prefix}x:` })],
        ['another client', redisReplayGuard(other.client, { prefix })],
        ['the in-memory guard', new NonceCache()],
        ['a guard of the app’s own', { remember: () => true }],
      ];
      for (const [, foreign] of notMine) {
        expect(store.claimWithNonce('k', LEASE, foreign, 'n', ...tenMinutes())).toBeUndefined();
        expect(store.nonceKeyOf('k', 'n', foreign)).toBeUndefined();
      }
      expect(await c.command('EXISTS', `${prefix}dedupe:k`)).toBe(0);
      const forgotten: string[] = [];
      await store.forgetNonce('k', 'n9', { remember: () => true, forget: (nonce) => void forgotten.push(nonce) });
      expect(forgotten).toEqual(['n9']);
      // And the pair itself works.
      expect(claimWithNonce(store, 'k', guard, 'n')).toBeInstanceOf(Promise);
    } finally {
      await other.quit();
    }
  });

  it('answers undefined for a dedupe key whose name no hash tag can share a slot with (a `}` in it, untagged)', async () => {
    const { store, guard } = pair();
    expect(store.claimWithNonce('odd}key', LEASE, guard, 'n', ...tenMinutes())).toBeUndefined();
    // A tagged key name is fine: its tag is reused.
    expect(store.nonceKeyOf('x:{tag}:y', 'n', guard)).toBe(`{tag}${guard.keyOf('n')}`);
    expect(await claimWithNonce(store, 'x:{tag}:y', guard, 'n')).toEqual({ fresh: true, claim: 'claimed' });
  });

  it('still works when Redis lost its script cache (restart, SCRIPT FLUSH)', async () => {
    const { store, guard } = pair();
    expect((await claimWithNonce(store, 'k', guard, 'n')).fresh).toBe(true);
    await c.command('SCRIPT', 'FLUSH');
    expect(await claimWithNonce(store, 'k', guard, 'n')).toEqual({ fresh: false, claim: 'in_flight' });
  });
});

describe.each(clientKindNames)('%s: Redis down', (kind) => {
  let own: TestRedisServer;
  let c: TestClient;
  beforeEach(async () => {
    own = await startRedisServer();
    c = await clientKinds[kind](own.url);
  });
  afterEach(async () => {
    await c.quit();
    await own.close();
  });

  it('a nonce claim that never left the client fails at once, and forgetNonce sends no DEL to wait in the offline queue', async () => {
    const { client, calls } = countingClient(c.client);
    const prefix = freshPrefix();
    const store = redisDedupeStore(client, { prefix });
    const guard = redisReplayGuard(client, { prefix });
    expect((await store.claimWithNonce('k', LEASE, guard, 'up', ...tenMinutes()))?.claim).toBe('claimed');
    await own.stop();
    await expect.poll(() => store.claimWithNonce('k0', LEASE, guard, 'probe', ...tenMinutes())!.catch((error: unknown) => error)).toBeInstanceOf(RedisNotReadyError);
    await store.forgetNonce('k0', 'probe', guard);
    calls.length = 0;
    for (let i = 0; i < 20; i++) {
      await expect(store.claimWithNonce(`k${i}`, LEASE, guard, `down${i}`, ...tenMinutes())).rejects.toBeInstanceOf(RedisNotReadyError);
      await store.forgetNonce(`k${i}`, `down${i}`, guard);
    }
    expect(calls).toEqual([]);
    // Once Redis is back, the redelivery of each is fresh and claimed.
    await own.start();
    await expect.poll(() => store.claimWithNonce('k1', LEASE, guard, 'down1', ...tenMinutes())!.catch((error: unknown) => error), { timeout: 10_000 }).toEqual({ fresh: true, claim: 'claimed' });
  });

  it('a nonce claim that was sent is forgotten with a DEL even while the client is disconnected, landing after it', async () => {
    const { client, calls } = countingClient(c.client);
    const prefix = freshPrefix();
    const store = redisDedupeStore(client, { prefix });
    const guard = redisReplayGuard(client, { prefix });
    expect((await store.claimWithNonce('k', LEASE, guard, 'sent', ...tenMinutes()))?.fresh).toBe(true);
    calls.length = 0;
    const forgotten = store.forgetNonce('k', 'sent', guard);
    expect(calls).toEqual(['del']);
    await forgotten;
    expect(await c.command('EXISTS', store.nonceKeyOf('k', 'sent', guard)!)).toBe(0);
  });
});

// ioredis re-sends a command left unanswered by a dropped connection once it reconnects.
describe.each(['ioredis 6', 'ioredis 5'] as ClientKind[])('%s: the reply to a nonce claim is lost', (kind) => {
  const behindProxy = clientBehindProxyPerTest(kind);

  it('the write re-sent after the reconnect is still fresh and still the claimer; any other call is not', async () => {
    const { proxy, client: c } = behindProxy();
    const prefix = freshPrefix();
    const store = redisDedupeStore(c.client, { prefix });
    const guard: RedisReplayGuard = redisReplayGuard(c.client, { prefix });
    // Redis has the script cached: the cut write is one that Redis runs.
    expect((await store.claimWithNonce('warm', LEASE, guard, 'warm', ...tenMinutes()))?.claim).toBe('claimed');
    const cut = proxy.cutReplyTo('nonce:lost');
    const answer = await store.claimWithNonce('mo:01LOST', LEASE, guard, 'lost', ...tenMinutes());
    await cut;
    expect(answer).toEqual({ fresh: true, claim: 'claimed' });
    // Redis ran it twice; a second call is a replay, and the key is held.
    expect(await store.claimWithNonce('mo:01LOST', LEASE, guard, 'lost', ...tenMinutes())).toEqual({ fresh: false, claim: 'in_flight' });
    expect(await store.claim('mo:01LOST', LEASE)).toBe('in_flight');
  });

  it('a plain claim re-sent after a lost reply is still the claimer too', async () => {
    const { proxy, client: c } = behindProxy();
    const store = redisDedupeStore(c.client, { prefix: freshPrefix() });
    expect(await store.claim('warm', LEASE)).toBe('claimed');
    const cut = proxy.cutReplyTo('dedupe:mo:01PLAIN');
    expect(await store.claim('mo:01PLAIN', LEASE)).toBe('claimed');
    await cut;
    expect(await store.claim('mo:01PLAIN', LEASE)).toBe('in_flight');
  });
});

describe.each(['node-redis 6', 'ioredis 6'] as ClientKind[])('%s: forgetNonce after a call whose answer the caller never had', (kind) => {
  let c: TestClient;
  let admin: TestClient;
  beforeAll(async () => {
    c = await clientKinds[kind](redis.url);
    admin = await clientKinds[kind](redis.url);
  });
  afterAll(async () => {
    await c?.quit();
    await admin?.quit();
  });

  /** A nonce claim sent while Redis holds writes for 300 ms: still pending when forgetNonce is called, as after the receiver's storeTimeoutMs. */
  async function pendingClaim(prefix: string, key: string, nonce: string) {
    const store = redisDedupeStore(c.client, { prefix });
    const guard = redisReplayGuard(c.client, { prefix });
    await store.rememberedSince(); // the client is seen connected, the script cache warm below
    await store.claimWithNonce('warm', LEASE, guard, 'warm', ...tenMinutes());
    await admin.command('CLIENT', 'PAUSE', '300', 'WRITE');
    const late = store.claimWithNonce(key, LEASE, guard, nonce, ...tenMinutes())!;
    return { store, guard, late };
  }

  it('still pending: the nonce and that call’s claim are deleted once it lands, so the redelivery is handled at once', async () => {
    const prefix = freshPrefix();
    const { store, guard, late } = await pendingClaim(prefix, 'k', 'n');
    await store.forgetNonce('k', 'n', guard);
    // The late answer says claimed, but nobody was told: the forget sent behind it undid both.
    expect(await late).toEqual({ fresh: true, claim: 'claimed' });
    expect(await admin.command('EXISTS', store.nonceKeyOf('k', 'n', guard)!, `${prefix}dedupe:k`)).toBe(0);
    expect(await store.claimWithNonce('k', LEASE, guard, 'n', ...tenMinutes())).toEqual({ fresh: true, claim: 'claimed' });
  });

  it('still pending, the key held by another instance: the nonce is deleted, the other claim left alone', async () => {
    const prefix = freshPrefix();
    const other = redisDedupeStore(admin.client, { prefix });
    expect(await other.claim('k', LEASE)).toBe('claimed');
    const held = await admin.command('GET', `${prefix}dedupe:k`);
    const { store, guard, late } = await pendingClaim(prefix, 'k', 'n');
    await store.forgetNonce('k', 'n', guard);
    expect((await late).claim).toBe('in_flight');
    expect(await admin.command('GET', `${prefix}dedupe:k`)).toBe(held);
    expect(await admin.command('EXISTS', store.nonceKeyOf('k', 'n', guard)!)).toBe(0);
  });

  it('refused (out of memory): the call fails, the forget still runs, and the redelivery is fresh and claimed once Redis accepts writes', async () => {
    const prefix = freshPrefix();
    const store = redisDedupeStore(c.client, { prefix });
    const guard = redisReplayGuard(c.client, { prefix });
    await store.claimWithNonce('warm', LEASE, guard, 'warm', ...tenMinutes());
    await admin.command('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    await admin.command('CONFIG', 'SET', 'maxmemory', '1');
    try {
      await expect(store.claimWithNonce('k', LEASE, guard, 'n', ...tenMinutes())).rejects.toThrow(/OOM/);
      await store.forgetNonce('k', 'n', guard);
    } finally {
      await admin.command('CONFIG', 'SET', 'maxmemory', '0');
    }
    expect(await store.claimWithNonce('k', LEASE, guard, 'n', ...tenMinutes())).toEqual({ fresh: true, claim: 'claimed' });
  });

  it('done meanwhile: never deleted', async () => {
    const prefix = freshPrefix();
    const { store, guard, late } = await pendingClaim(prefix, 'k', 'n');
    // A late success recorded over the claim, behind it on the same connection.
    const completed = store.complete('k', 60_000);
    await store.forgetNonce('k', 'n', guard);
    await Promise.all([late, completed]);
    expect(await admin.command('GET', `${prefix}dedupe:k`)).toBe('done');
  });
});

describe.each(['node-redis 6', 'node-redis 5', 'node-redis 4'] as ClientKind[])('%s: the reply to a nonce claim is lost (the call fails)', (kind) => {
  const behindProxy = clientBehindProxyPerTest(kind);

  it('forgetNonce deletes the nonce and the claim that call took, so Sinch’s redelivery is fresh and claimed at once', async () => {
    const { proxy, client: c, redisUrl } = behindProxy();
    const prefix = freshPrefix();
    const store = redisDedupeStore(c.client, { prefix });
    const guard = redisReplayGuard(c.client, { prefix });
    expect((await store.claimWithNonce('warm', LEASE, guard, 'warm', ...tenMinutes()))?.claim).toBe('claimed');
    const cut = proxy.cutReplyTo('nonce:lost');
    await expect(store.claimWithNonce('mo:01LOST', LEASE, guard, 'lost', ...tenMinutes())).rejects.toThrow();
    await cut;
    // Redis ran it: both keys are there.
    const { createClient } = await import('redis');
    const direct = createClient({ url: redisUrl });
    await direct.connect();
    try {
      expect(await direct.exists([store.nonceKeyOf('mo:01LOST', 'lost', guard)!, store.keyOf('mo:01LOST')])).toBe(2);
      // Sent while the client reconnects, landing once it is back.
      await store.forgetNonce('mo:01LOST', 'lost', guard);
      expect(await direct.exists([store.nonceKeyOf('mo:01LOST', 'lost', guard)!, store.keyOf('mo:01LOST')])).toBe(0);
    } finally {
      direct.destroy();
    }
    await expect.poll(() => store.claimWithNonce('mo:01LOST', LEASE, guard, 'lost', ...tenMinutes())!.catch((error: unknown) => error), { timeout: 10_000 }).toEqual({ fresh: true, claim: 'claimed' });
  });
});
