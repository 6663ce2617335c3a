import { randomUUID } from 'node:crypto';
import type { DedupeClaim, DedupeStore, NonceClaim, ReplayGuard } from '@sinch-inbounds/core';
import { commandsFor } from '../client/commands-for.js';
import { luaScript } from '../client/lua-script.js';
import type { RedisClient } from '../client/redis-client.js';
import type { RedisCommands } from '../client/redis-commands.js';
import { RedisNotReadyError } from '../client/redis-not-ready-error.js';
import { WriteNotes } from '../client/write-notes.js';
import { callToken } from '../keys/call-token.js';
import { inSlotOf } from '../keys/hash-slot.js';
import { positiveMs } from '../keys/key-ttl.js';
import { nonceKey } from '../keys/nonce-key.js';
import { prefixOf, type RedisStoreOptions } from '../keys/redis-store-options.js';
import { CLAIM_KEY, DONE } from '../lua/claim-key.js';
import { keepsNoncesWith } from '../replay/guard-homes.js';
import { FORGET_NONCE_CLAIM, NONCE_CLAIM } from './nonce-claim-script.js';

// Claim in one round trip: take the key if absent, else say whether it is done or held.
const CLAIM = luaScript(`${CLAIM_KEY}return claim(KEYS[1], ARGV[1], ARGV[2])`);

// Release only our own claim: if ours lapsed and another instance took the key over,
// deleting it would let a third one run the same callback concurrently. A claim's value
// is this store's owner, then the claiming call's token.
const RELEASE = luaScript(`
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, 1, #ARGV[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
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

/** The claim a script answered (1, 2 or 3). */
function claimOf(answer: unknown): DedupeClaim {
  const claim = CLAIMS[Number(answer) - 1];
  if (claim === undefined) throw new Error(`redisDedupeStore: unexpected answer from Redis to a claim: ${String(answer)}`);
  return claim;
}

/**
 * A {@link DedupeStore} on Redis, shared by every instance that uses the same Redis and
 * prefix, so a callback redelivered to another instance is still handled exactly once.
 *
 * Keys: `{prefix}dedupe:{key}` holds `claim:{owner}.{token}` (this store, the claiming
 * call) for the receiver's `dedupeLeaseMs` while a callback is being handled, then
 * `done` for its `dedupeTtlMs`; `{prefix}dedupe-since` holds the epoch ms since when the
 * memory is complete, and `{prefix}dedupe-lead` the largest lead (ms) by which a
 * signature was seen ahead of a receiver's clock since then. Every call is one command
 * or script on one key — but {@link claimWithNonce}, a script on a nonce key and a
 * dedupe key of one hash slot — so Redis Cluster and Valkey work unchanged.
 *
 * Redis must keep these keys until they expire: run it with `maxmemory-policy
 * noeviction` (the `volatile-*` policies evict exactly these keys, since they all have
 * TTLs). An evicted `done` key means a redelivery is handled twice, and a late
 * redelivery may be vouched for wrongly.
 */
export class RedisDedupeStore implements DedupeStore {
  readonly #client: RedisClient;
  readonly #redis: RedisCommands;
  readonly #prefix: string;
  // Starts every claim's value; a fixed length, so no owner is the start of another's.
  readonly #owner = `claim:${randomUUID()}.`;
  // Nonce keys of claimWithNonce() calls, for forgetNonce(): those whose write never left
  // the client (nothing to delete), and those whose answer has not reached the caller
  // (pending, or failed), with their claim value (that call's claim may be deleted too).
  readonly #unsent = new WriteNotes<true>();
  readonly #unanswered = new WriteNotes<string>();

  constructor(client: RedisClient, options?: RedisStoreOptions) {
    this.#client = client;
    this.#redis = commandsFor(client, 'redisDedupeStore');
    this.#prefix = prefixOf(options, 'redisDedupeStore');
  }

  /** The Redis key that remembers dedupe key `key`. */
  keyOf(key: string): string {
    return `${this.#prefix}dedupe:${key}`;
  }

  /**
   * See {@link DedupeStore.claim}: one script call. The claim holds this store's owner
   * and the call's token, so a claim re-sent after its reply was lost is still the claimer.
   */
  async claim(key: string, leaseMs: number): Promise<DedupeClaim> {
    return claimOf(await this.#redis.run(CLAIM, [this.keyOf(key)], [this.#owner + callToken(), String(positiveMs(leaseMs))]));
  }

  /**
   * See {@link DedupeStore.claimWithNonce}: with a `redisReplayGuard` on the same client
   * and prefix, its nonce write and this claim in one script call, each step exactly as
   * in the guard's `remember` and in `claim` (a re-sent call after a lost reply is still
   * fresh and still the claimer). The nonce key then shares the dedupe key's hash slot,
   * for Redis Cluster: see {@link nonceKeyOf}. `undefined` for any other guard, and for
   * a dedupe key no hash tag can share a slot with.
   */
  claimWithNonce(key: string, leaseMs: number, guard: ReplayGuard, nonce: string, expiresAtMs: number, nowMs: number): Promise<NonceClaim> | undefined {
    const nonceKey = this.nonceKeyOf(key, nonce, guard);
    if (nonceKey === undefined) return undefined;
    const token = callToken();
    const claimValue = this.#owner + token;
    const dedupeKey = this.keyOf(key);
    this.#unanswered.note(nonceKey, claimValue);
    return this.#redis.run(NONCE_CLAIM, [nonceKey, dedupeKey], [token, String(positiveMs(expiresAtMs - nowMs)), claimValue, String(positiveMs(leaseMs))]).then(
      (answer) => {
        this.#unanswered.clear(nonceKey, claimValue);
        if (!Array.isArray(answer) || answer.length !== 2) throw new Error(`redisDedupeStore: unexpected answer from Redis to a nonce claim: ${String(answer)}`);
        return { fresh: Number(answer[0]) === 1, claim: claimOf(answer[1]) };
      },
      (error: unknown) => {
        if (error instanceof RedisNotReadyError) {
          this.#unanswered.clear(nonceKey, claimValue);
          this.#unsent.note(nonceKey, true);
        }
        throw error;
      },
    );
  }

  /**
   * See {@link DedupeStore.forgetNonce}: one `DEL` of the nonce key written by
   * {@link claimWithNonce}, sent even while the client reconnects so that it lands after
   * a write that may still be re-sent — nothing when that write was never sent. A claim
   * the caller was answered is left alone. When the call's answer never reached the
   * caller (it failed, or is still pending), a script deletes the nonce key and also that
   * very call's claim if the dedupe key still holds it: no handler runs under it, and
   * Sinch's redelivery is then handled at once instead of after the lease, as when the
   * nonce and the claim were two calls. For a guard this store does not pair with, the
   * guard's `forget`.
   */
  async forgetNonce(key: string, nonce: string, guard: ReplayGuard): Promise<void> {
    const nonceKey = this.nonceKeyOf(key, nonce, guard);
    if (nonceKey === undefined) return guard.forget?.(nonce);
    if (this.#unsent.take(nonceKey) !== undefined) return;
    const unanswered = this.#unanswered.take(nonceKey);
    if (unanswered === undefined) return this.#redis.del(nonceKey);
    await this.#redis.runBehind(FORGET_NONCE_CLAIM, [nonceKey, this.keyOf(key)], [unanswered]);
  }

  /**
   * The Redis key that remembers `nonce` when {@link claimWithNonce} writes it for dedupe
   * key `key`: the guard's own key (`{prefix}nonce:{nonce}`) when the prefix carries a
   * hash tag, else that key behind a tag of the dedupe key's name
   * (`{{prefix}dedupe:{key}}{prefix}nonce:{nonce}`), so both keys share one slot on Redis
   * Cluster. `undefined` when `guard` is not a `redisReplayGuard` on this store's client
   * and prefix, or when no tag can share the dedupe key's slot (its name holds a `}`).
   */
  nonceKeyOf(key: string, nonce: string, guard: ReplayGuard): string | undefined {
    if (!keepsNoncesWith(guard, this.#client, this.#prefix)) return undefined;
    return inSlotOf(this.keyOf(key), nonceKey(this.#prefix, nonce));
  }

  /**
   * See {@link DedupeStore.complete}: `SET key done PX ttlMs`, whoever holds the claim
   * now (a late success is recorded over a redelivery's claim).
   */
  async complete(key: string, ttlMs: number): Promise<void> {
    await this.#redis.set(this.keyOf(key), DONE, positiveMs(ttlMs));
  }

  /**
   * See {@link DedupeStore.release}: deletes the key only while it still holds a claim
   * of this store — never another instance's, nor a `done` that a late success wrote.
   */
  async release(key: string): Promise<void> {
    await this.#redis.run(RELEASE, [this.keyOf(key)], [this.#owner]);
  }

  /**
   * See {@link DedupeStore.rememberedSince}: the marker written (`SET NX`) the first
   * time any instance asked since Redis's memory began. Only as true as Redis's memory:
   * with eviction, or persistence that can lose recent writes while keeping the marker
   * (RDB snapshots, a failover to a lagging replica), a late redelivery may be vouched
   * for after its `done` key was lost.
   */
  async rememberedSince(): Promise<number> {
    const answer = await this.#redis.run(SINCE, [`${this.#prefix}dedupe-since`], [String(Date.now())]);
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
    const answer = await this.#redis.run(LEAD, [`${this.#prefix}dedupe-lead`], [String(Math.max(0, Math.ceil(aheadMs)))]);
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
