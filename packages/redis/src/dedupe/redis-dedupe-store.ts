import { randomUUID } from 'node:crypto';
import type { DedupeClaim, DedupeStore } from '@sinch-inbounds/core';
import { commandsFor } from '../client/commands-for.js';
import { luaScript } from '../client/lua-script.js';
import type { RedisClient } from '../client/redis-client.js';
import { positiveMs } from '../keys/key-ttl.js';
import { prefixOf, type RedisStoreOptions } from '../keys/redis-store-options.js';

/** What a dedupe key holds once its callback was handled. */
const DONE = 'done';

// Claim in one round trip: take the key if absent, else say whether it is done or held.
const CLAIM = luaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == '${DONE}' then return 2 end
return 3
`);

// Release only our own claim: if ours lapsed and another instance took the key over,
// deleting it would let a third one run the same callback concurrently.
const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`);

// The marker of since when this memory is complete: written once, read back. After a
// FLUSHALL or a restart without persistence it is gone with the keys, and the next
// call writes a fresh one.
const SINCE = luaScript(`
redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('GET', KEYS[1])
`);

// The largest clock lead recorded since the memory began: raised, never lowered, read
// back. Beside the marker and, like it, without expiry: gone with it in a FLUSHALL or a
// restart without persistence, when the memory begins again.
const LEAD = luaScript(`
local kept = tonumber(redis.call('GET', KEYS[1]))
if kept == nil or tonumber(ARGV[1]) > kept then
  redis.call('SET', KEYS[1], ARGV[1])
  return ARGV[1]
end
return tostring(kept)
`);

const CLAIMS: readonly DedupeClaim[] = ['claimed', 'done', 'in_flight'];

/**
 * A {@link DedupeStore} on Redis, shared by every instance that uses the same Redis and
 * prefix, so a callback redelivered to another instance is still handled exactly once.
 *
 * Keys: `{prefix}dedupe:{key}` holds `claim:{owner}` for the receiver's `dedupeLeaseMs`
 * while a callback is being handled, then `done` for its `dedupeTtlMs`;
 * `{prefix}dedupe-since` holds the epoch ms since when the memory is complete, and
 * `{prefix}dedupe-lead` the largest lead (ms) by which a signature was seen ahead of a
 * receiver's clock since then. Every call is one command or script on one key (Redis
 * Cluster and Valkey work unchanged).
 *
 * Redis must keep these keys until they expire: run it with `maxmemory-policy
 * noeviction` (the `volatile-*` policies evict exactly these keys, since they all have
 * TTLs). An evicted `done` key means a redelivery is handled twice, and a late
 * redelivery may be vouched for wrongly.
 */
export class RedisDedupeStore implements DedupeStore {
  readonly #redis;
  readonly #prefix: string;
  readonly #owner = `claim:${randomUUID()}`;

  constructor(client: RedisClient, options?: RedisStoreOptions) {
    this.#redis = commandsFor(client, 'redisDedupeStore');
    this.#prefix = prefixOf(options, 'redisDedupeStore');
  }

  /** The Redis key that remembers dedupe key `key`. */
  keyOf(key: string): string {
    return `${this.#prefix}dedupe:${key}`;
  }

  /** See {@link DedupeStore.claim}: one script call. */
  async claim(key: string, leaseMs: number): Promise<DedupeClaim> {
    const answer = await this.#redis.run(CLAIM, this.keyOf(key), [this.#owner, String(positiveMs(leaseMs))]);
    const claim = CLAIMS[Number(answer) - 1];
    if (claim === undefined) throw new Error(`redisDedupeStore: unexpected answer from Redis to a claim: ${String(answer)}`);
    return claim;
  }

  /**
   * See {@link DedupeStore.complete}: `SET key done PX ttlMs`, whoever holds the claim
   * now (a late success is recorded over a redelivery's claim).
   */
  async complete(key: string, ttlMs: number): Promise<void> {
    await this.#redis.set(this.keyOf(key), DONE, positiveMs(ttlMs));
  }

  /**
   * See {@link DedupeStore.release}: deletes the key only while it still holds this
   * store's claim — never another instance's, nor a `done` that a late success wrote.
   */
  async release(key: string): Promise<void> {
    await this.#redis.run(RELEASE, this.keyOf(key), [this.#owner]);
  }

  /**
   * See {@link DedupeStore.rememberedSince}: the marker written (`SET NX`) the first
   * time any instance asked since Redis's memory began. Only as true as Redis's memory:
   * with eviction, or persistence that can lose recent writes while keeping the marker
   * (RDB snapshots, a failover to a lagging replica), a late redelivery may be vouched
   * for after its `done` key was lost.
   */
  async rememberedSince(): Promise<number> {
    const answer = await this.#redis.run(SINCE, `${this.#prefix}dedupe-since`, [String(Date.now())]);
    const since = Number(answer);
    if (!Number.isFinite(since)) throw new Error(`redisDedupeStore: the memory marker holds ${String(answer)}, not a time`);
    return since;
  }

  /**
   * See {@link DedupeStore.recordClockLead}: raises `{prefix}dedupe-lead` to `aheadMs`
   * if it is lower (one script call), so every instance, and every instance started
   * later, counts the largest lead any of them saw.
   */
  async recordClockLead(aheadMs: number): Promise<number> {
    const answer = await this.#redis.run(LEAD, `${this.#prefix}dedupe-lead`, [String(Math.max(0, Math.ceil(aheadMs)))]);
    const lead = Number(answer);
    if (!Number.isFinite(lead)) throw new Error(`redisDedupeStore: the clock lead holds ${String(answer)}, not a number of ms`);
    return lead;
  }
}

/**
 * A dedupe store on Redis for the webhook receiver's `dedupe` option, over a node-redis
 * or ioredis client the app already has (connected, or connecting). See
 * {@link RedisDedupeStore} for what it writes.
 *
 * ```ts
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const receiver = createWebhookReceiver({ secret, dedupe: redisDedupeStore(redis), replayGuard: redisReplayGuard(redis) });
 * ```
 */
export function redisDedupeStore(client: RedisClient, options?: RedisStoreOptions): RedisDedupeStore {
  return new RedisDedupeStore(client, options);
}
