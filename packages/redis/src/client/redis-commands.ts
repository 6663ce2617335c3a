import type { LuaScript } from './lua-script.js';

/**
 * The Redis commands the stores need, each on one key, whatever the client library:
 * every call is a single atomic command or a script on a single key, so it works
 * unchanged on Redis Cluster and Valkey.
 */
export interface RedisCommands {
  /** `SET key value PX ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** `DEL key`. */
  del(key: string): Promise<void>;
  /** Runs `script` on `key` (`EVALSHA`, or `EVAL` when Redis lacks it). */
  run(script: LuaScript, key: string, args: string[]): Promise<unknown>;
}
