import type { ReplayGuard } from '@sinch-inbounds/core';
import { commandsFor } from '../client/commands-for.js';
import type { RedisClient } from '../client/redis-client.js';
import { positiveMs } from '../dedupe/redis-dedupe-store.js';
import { prefixOf, type RedisStoreOptions } from '../keys/redis-store-options.js';

/**
 * A {@link ReplayGuard} on Redis: a captured signed request replayed to any instance
 * that shares the Redis and prefix is refused.
 *
 * Keys: `{prefix}nonce:{nonce}` holds `1` until the nonce's signature can no longer be
 * accepted anyway (its timestamp plus the receiver's tolerance window). Remembering is
 * one `SET … NX PX`; forgetting (after a 500, so Sinch's redelivery of the same signed
 * request is not refused) one `DEL`.
 */
export class RedisReplayGuard implements ReplayGuard {
  readonly #redis;
  readonly #prefix: string;

  constructor(client: RedisClient, options?: RedisStoreOptions) {
    this.#redis = commandsFor(client, 'redisReplayGuard');
    this.#prefix = prefixOf(options, 'redisReplayGuard');
  }

  /** The Redis key that remembers `nonce`. */
  keyOf(nonce: string): string {
    return `${this.#prefix}nonce:${nonce}`;
  }

  /** See {@link ReplayGuard.remember}: `true` when `SET … NX` wrote the key. */
  remember(nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
    return this.#redis.setIfAbsent(this.keyOf(nonce), '1', positiveMs(expiresAtMs - nowMs));
  }

  /** See {@link ReplayGuard.forget}. */
  forget(nonce: string): Promise<void> {
    return this.#redis.del(this.keyOf(nonce));
  }
}

/**
 * A replay guard on Redis for the webhook receiver's `replayGuard` option, over a
 * node-redis or ioredis client the app already has. See {@link RedisReplayGuard}.
 */
export function redisReplayGuard(client: RedisClient, options?: RedisStoreOptions): RedisReplayGuard {
  return new RedisReplayGuard(client, options);
}
