import type { LuaScript } from './lua-script.js';

/**
 * The Redis commands the stores need, whatever the client library: every call is a
 * single atomic command, or a script whose keys all share one hash slot, so it works
 * unchanged on Redis Cluster and Valkey.
 */
export interface RedisCommands {
  /** `SET key value PX ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** `DEL key`. */
  del(key: string): Promise<void>;
  /** Runs `script` on `keys`, all in one hash slot (`EVALSHA`, or `EVAL` when Redis lacks it). */
  run(script: LuaScript, keys: string[], args: string[]): Promise<unknown>;
  /**
   * {@link run}, sent even while the client reconnects (like {@link del}): for a script
   * that undoes a write, which must land after that write should it still be re-sent.
   */
  runBehind(script: LuaScript, keys: string[], args: string[]): Promise<unknown>;
}
