import { isNoScriptError, type LuaScript } from './lua-script.js';
import type { RedisCommands } from './redis-commands.js';
import type { IoRedisClient } from './redis-client.js';
import { RedisNotReadyError } from './redis-not-ready-error.js';
import { seenReady } from './seen-ready.js';

/** Statuses in which the connection was lost: reconnecting, or closed for good. */
const GONE = new Set(['reconnecting', 'close', 'end']);

/** {@link RedisCommands} over an ioredis client (v5, v6; `Redis` or `Cluster`). */
export function ioredisCommands(client: IoRedisClient): RedisCommands {
  // ioredis queues commands while it reconnects (enableOfflineQueue) and retries each up
  // to 20 reconnections, so a call made during an outage would hang. Fail it now instead.
  // Before the client was first seen connected (an app serving while its client still
  // connects, or a lazyConnect client), calls wait for the connection, bounded by the
  // receiver's storeTimeoutMs.
  const ready = (): void => {
    if (client.status === 'ready') seenReady.add(client);
    else if (seenReady.has(client) || GONE.has(client.status)) throw new RedisNotReadyError(client.status);
  };
  if (client.status === 'ready') seenReady.add(client);
  const evaluate = async (script: LuaScript, keys: string[], args: string[]): Promise<unknown> => {
    try {
      return await client.evalsha(script.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScriptError(error)) throw error;
      return client.eval(script.source, keys.length, ...keys, ...args);
    }
  };
  return {
    async set(key, value, ttlMs) {
      ready();
      await client.set(key, value, 'PX', ttlMs);
    },
    async del(key) {
      // No fail-fast here: a DEL follows a write that may still be queued or re-sent
      // after a reconnect (a nonce whose SET timed out), and must land after it. Late,
      // it does no harm; the receiver bounds the wait with storeTimeoutMs.
      await client.del(key);
    },
    async run(script, keys, args) {
      ready();
      return evaluate(script, keys, args);
    },
    // No fail-fast, as for del.
    runBehind: evaluate,
  };
}
