/**
 * The few node-redis methods this package calls, as a structural type: any node-redis
 * client or cluster (v4, v5, v6) fits without this package importing `redis`.
 */
export interface NodeRedisClient {
  /** `false` while the client is connecting or reconnecting: calls then fail at once. */
  readonly isReady?: boolean;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
  del(key: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * The few ioredis methods this package calls, as a structural type: any ioredis `Redis`
 * or `Cluster` (v5, v6) fits without this package importing `ioredis`.
 */
export interface IoRedisClient {
  /** `'ready'` when connected; anything else but `'wait'` (lazy connect) fails calls at once. */
  readonly status: string;
  set(key: string, value: string, px: 'PX', milliseconds: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
  evalsha(sha1: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
}

/** A Redis client the app already has: node-redis (`redis`) or ioredis. */
export type RedisClient = NodeRedisClient | IoRedisClient;
