import type { Logger } from '@sinch-inbounds/core';

/** What a worker does when Redis may evict keys: log an error and go on, or refuse to start. */
export type EvictionPolicyCheck = 'warn' | 'refuse';

/** The part of a Redis client the check needs (`INFO`, as BullMQ's own clients have it). */
export interface RedisInfoClient {
  info(section?: string): Promise<string>;
}

/**
 * Reads Redis's `maxmemory-policy` (through `INFO`, which managed services that rename
 * `CONFIG` still answer). Anything but `noeviction` lets Redis delete keys when memory
 * runs out — BullMQ's jobs and the dedupe store's keys among them — so a callback
 * already answered 200 can vanish, or run twice. Warns through `logger.error` or throws.
 *
 * @returns the policy found, or `undefined` when `INFO` did not say.
 */
export async function checkEvictionPolicy(client: RedisInfoClient, check: EvictionPolicyCheck, logger: Logger): Promise<string | undefined> {
  const info = await client.info('memory');
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy === undefined || policy === 'noeviction') return policy;
  const message =
    `sinch worker: Redis runs with maxmemory-policy ${policy}; it must be noeviction. Under memory pressure Redis deletes ` +
    'keys: queued callbacks already acknowledged to Sinch are lost, and dedupe keys forgotten (messages handled twice). ' +
    'Set `maxmemory-policy noeviction` in redis.conf (or your provider\'s parameter group).';
  if (check === 'refuse') throw new Error(`${message} (refused to start: evictionPolicy is 'refuse')`);
  logger.error(message, { policy });
  return policy;
}
