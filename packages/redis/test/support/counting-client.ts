import type { RedisClient } from '../../src/index.js';

// The client methods the stores send commands with (node-redis and ioredis spellings).
const COMMANDS = new Set(['set', 'del', 'eval', 'evalSha', 'evalsha']);

/** `client`, with each command the stores send counted by name: one call is one round trip. */
export function countingClient<C extends RedisClient>(client: C): { client: C; calls: string[] } {
  const calls: string[] = [];
  const counted = new Proxy(client, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof name !== 'string' || !COMMANDS.has(name)) return method.bind(target);
      return (...args: unknown[]) => {
        calls.push(name.toLowerCase());
        return method.apply(target, args);
      };
    },
  });
  return { client: counted, calls };
}
