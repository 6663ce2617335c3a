import { ioredisCommands } from './ioredis-commands.js';
import { nodeRedisCommands } from './node-redis-commands.js';
import type { RedisCommands } from './redis-commands.js';
import type { IoRedisClient, NodeRedisClient, RedisClient } from './redis-client.js';

/**
 * Tells which library `client` comes from by its methods (ioredis names scripts
 * `evalsha` and reports a `status` string; node-redis names them `evalSha`), and maps
 * it onto {@link RedisCommands}. Throws a `TypeError` for anything else, at creation,
 * rather than at the first callback.
 */
export function commandsFor(client: RedisClient, who: string): RedisCommands {
  const probe = client as unknown as Record<string, unknown> | null;
  if (typeof probe === 'object' && probe !== null) {
    if (typeof probe.evalsha === 'function' && typeof probe.status === 'string') return ioredisCommands(client as IoRedisClient);
    if (typeof probe.evalSha === 'function' && typeof probe.set === 'function') return nodeRedisCommands(client as NodeRedisClient);
  }
  throw new TypeError(`${who}: expected a node-redis (\`redis\`) or ioredis client, got ${describe(client)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'an object';
}
