import type { ReplayGuard } from '@sinch-inbounds/core';
import { commandsFor } from '../client/commands-for.js';
import { luaScript } from '../client/lua-script.js';
import type { RedisClient } from '../client/redis-client.js';
import type { RedisCommands } from '../client/redis-commands.js';
import { RedisNotReadyError } from '../client/redis-not-ready-error.js';
import { WriteNotes } from '../client/write-notes.js';
import { callToken } from '../keys/call-token.js';
import { positiveMs } from '../keys/key-ttl.js';
import { nonceKey } from '../keys/nonce-key.js';
import { prefixOf, type RedisStoreOptions } from '../keys/redis-store-options.js';
import { REMEMBER_NONCE } from '../lua/remember-nonce.js';
import { noteGuardHome } from './guard-homes.js';

const REMEMBER = luaScript(`${REMEMBER_NONCE}return remember(KEYS[1], ARGV[1], ARGV[2])`);

/**
 * A {@link ReplayGuard} on Redis: a captured signed request replayed to any instance
 * that shares the Redis and prefix is refused.
 *
 * Keys: `{prefix}nonce:{nonce}` holds the token of the call that remembered it, until
 * the nonce's signature can no longer be accepted anyway (its timestamp plus the
 * receiver's tolerance window). Remembering is one script on that key (`SET … NX PX`,
 * else compare the token); forgetting (after a 500, or after a write whose outcome is
 * unknown, so Sinch's redelivery of the same signed request is not refused) one `DEL`.
 * Paired with a `redisDedupeStore` on the same client and prefix, the receiver lets the
 * store remember the nonce of a callback that has a dedupe key, in the script that
 * claims that key (see `RedisDedupeStore.claimWithNonce`).
 */
export class RedisReplayGuard implements ReplayGuard {
  readonly #redis: RedisCommands;
  readonly #prefix: string;
  // Nonce keys whose write failed before it was sent (the client was not connected):
  // Redis holds nothing to forget, and a DEL would wait in the client's offline queue for
  // the whole outage, one per failed callback. Emptied by forget(), which the receiver
  // calls after every failed write.
  readonly #unsent = new WriteNotes<true>();

  constructor(client: RedisClient, options?: RedisStoreOptions) {
    this.#redis = commandsFor(client, 'redisReplayGuard');
    this.#prefix = prefixOf(options, 'redisReplayGuard');
    noteGuardHome(this, client, this.#prefix);
  }

  /** The Redis key that remembers `nonce`. */
  keyOf(nonce: string): string {
    return nonceKey(this.#prefix, nonce);
  }

  /**
   * See {@link ReplayGuard.remember}: `true` when this call wrote the key — also when
   * the client had to send the write twice because the first reply was lost.
   */
  async remember(nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
    const key = this.keyOf(nonce);
    let answer: unknown;
    try {
      answer = await this.#redis.run(REMEMBER, [key], [callToken(), String(positiveMs(expiresAtMs - nowMs))]);
    } catch (error) {
      if (error instanceof RedisNotReadyError) this.#unsent.note(key, true);
      throw error;
    }
    return Number(answer) === 1;
  }

  /**
   * See {@link ReplayGuard.forget}: one `DEL`, sent even while the client reconnects so
   * that it lands after a write that may still be re-sent — unless this guard's write of
   * `nonce` was never sent.
   */
  forget(nonce: string): Promise<void> {
    const key = this.keyOf(nonce);
    if (this.#unsent.take(key) !== undefined) return Promise.resolve();
    return this.#redis.del(key);
  }
}

/**
 * A replay guard on Redis for the webhook receiver's `replayGuard` option, over a
 * node-redis or ioredis client the app already has. See {@link RedisReplayGuard}.
 */
export function redisReplayGuard(client: RedisClient, options?: RedisStoreOptions): RedisReplayGuard {
  return new RedisReplayGuard(client, options);
}
