import { isNoScriptError, type LuaScript } from './lua-script.js';
import type { RedisCommands } from './redis-commands.js';
import type { NodeRedisClient } from './redis-client.js';
import { RedisNotReadyError } from './redis-not-ready-error.js';
import { seenReady } from './seen-ready.js';

/** {@link RedisCommands} over a node-redis client (v4, v5, v6; client or cluster). */
export function nodeRedisCommands(client: NodeRedisClient): RedisCommands {
  // node-redis queues commands while it reconnects (its offline queue), so a call made
  // during an outage would hang until Redis is back. Once the client has been seen
  // connected, fail such a call now instead: the callback is answered 500 and Sinch
  // delivers it again. Before that (still connecting at start-up) calls wait for the
  // connection, bounded by the receiver's storeTimeoutMs.
  const ready = (): void => {
    if (client.isReady !== false) seenReady.add(client);
    else if (seenReady.has(client)) throw new RedisNotReadyError('not ready');
  };
  if (client.isReady === true) seenReady.add(client);
  const evaluate = async (script: LuaScript, keys: string[], args: string[]): Promise<unknown> => {
    const options = { keys, arguments: args };
    try {
      return await client.evalSha(script.sha1, options);
    } catch (error) {
      if (!isNoScriptError(error)) throw error;
      return client.eval(script.source, options);
    }
  };
  return {
    async set(key, value, ttlMs) {
      ready();
      await client.set(key, value, { PX: ttlMs });
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
