/**
 * @sinch-inbounds/redis — core's `DedupeStore` and `ReplayGuard` on Redis, so several
 * instances behind a load balancer handle each Sinch callback exactly once and refuse
 * replays together. Thin: it maps those interfaces onto Redis commands and scripts whose
 * keys share one hash slot, over a node-redis or ioredis client the app already has.
 */
export { redisDedupeStore, RedisDedupeStore } from './dedupe/redis-dedupe-store.js';
export { redisReplayGuard, RedisReplayGuard } from './replay/redis-replay-guard.js';
export { DEFAULT_PREFIX, type RedisStoreOptions } from './keys/redis-store-options.js';
export type { IoRedisClient, NodeRedisClient, RedisClient } from './client/redis-client.js';
export { RedisNotReadyError } from './client/redis-not-ready-error.js';
