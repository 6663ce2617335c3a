import type { ReplayGuard } from '@sinch-inbounds/core';
import { commandsFor } from '../client/commands-for.js';
import { luaScript } from '../client/lua-script.js';
import type { RedisClient } from '../client/redis-client.js';
import type { RedisCommands } from '../client/redis-commands.js';
import { RedisNotReadyError } from '../client/redis-not-ready-error.js';
import { positiveMs } from '../keys/key-ttl.js';
import { prefixOf, type RedisStoreOptions } from '../keys/redis-store-options.js';

// Most nonces noted as never sent at once (see #unsent), in case a caller does not forget them.
const MAX_UNSENT = 10_000;

// Remember a nonce for one call of remember(), named by its token: written if absent. The
// same write repeated — a client re-sending it after a reconnect because its reply was
// lost (ioredis does by default) — finds its own token and is still "new"; any other
// call finds another token and is a replay.
const REMEMBER = luaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
return 0
`);

/**
 * A {@link ReplayGuard} on Redis: a captured signed request replayed to any instance
 * that shares the Redis and prefix is refused.
 *
 * Keys: `{prefix}nonce:{nonce}` holds the token of the call that remembered it, until
 * the nonce's signature can no longer be accepted anyway (its timestamp plus the
 * receiver's tolerance window). Remembering is one script on that key (`SET … NX PX`,
 * else compare the token); forgetting (after a 500, or after a write whose outcome is
 * unknown, so Sinch's redelivery of the same signed request is not refused) one `DEL`.
 */
export class RedisReplayGuard implements ReplayGuard {
  readonly #redis: RedisCommands;
  readonly #prefix: string;
  // Nonces whose write failed before it was sent (the client was not connected): Redis
  // holds nothing to forget, and a DEL would wait in the client's offline queue for the
  // whole outage, one per failed callback. Emptied by forget(), which the receiver calls
  // after every failed write.
  readonly #unsent = new Set<string>();

  constructor(client: RedisClient, options?: RedisStoreOptions) {
    this.#redis = commandsFor(client, 'redisReplayGuard');
    this.#prefix = prefixOf(options, 'redisReplayGuard');
  }

  /** The Redis key that remembers `nonce`. */
  keyOf(nonce: string): string {
    return `${this.#prefix}nonce:${nonce}`;
  }

  /**
   * See {@link ReplayGuard.remember}: `true` when this call wrote the key — also when
   * the client had to send the write twice because the first reply was lost.
   */
  async remember(nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
    const token = String(callToken());
    let answer: unknown;
    try {
      answer = await this.#redis.run(REMEMBER, this.keyOf(nonce), [token, String(positiveMs(expiresAtMs - nowMs))]);
    } catch (error) {
      if (error instanceof RedisNotReadyError) this.#noteUnsent(nonce);
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
    if (this.#unsent.delete(nonce)) return Promise.resolve();
    return this.#redis.del(this.keyOf(nonce));
  }

  #noteUnsent(nonce: string): void {
    if (this.#unsent.size >= MAX_UNSENT) this.#unsent.delete(this.#unsent.values().next().value!);
    this.#unsent.add(nonce);
  }
}

/**
 * A token for one call of `remember()`: it only has to differ from the token of any other
 * call remembering the same nonce while that key lives, and is not a secret (a replay
 * cannot choose ours). A whole number, because Redis stores one inside its value object:
 * a string token would cost every nonce key a further allocation (measured: ~200 B per
 * nonce instead of ~165 B).
 */
function callToken(): number {
  return 1 + Math.floor(Math.random() * (Number.MAX_SAFE_INTEGER - 1));
}

/**
 * A replay guard on Redis for the webhook receiver's `replayGuard` option, over a
 * node-redis or ioredis client the app already has. See {@link RedisReplayGuard}.
 */
export function redisReplayGuard(client: RedisClient, options?: RedisStoreOptions): RedisReplayGuard {
  return new RedisReplayGuard(client, options);
}
