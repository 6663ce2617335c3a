import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { DedupeStore, ReplayGuard } from '@sinch-inbounds/core';
import { redisDedupeStore, redisReplayGuard } from '@sinch-inbounds/redis';
import { DemoConfigError } from '../config/demo-config.js';

/** The demo's Redis, when `REDIS_URL` is set: the stores to hand the receiver, and how to name it. */
export interface DemoRedis {
  /** Where it is, without a password: for the header line. */
  readonly where: string;
  /** The receiver's `dedupe` and `replayGuard`, shared by every instance on this Redis. */
  readonly stores: { dedupe: DedupeStore; replayGuard: ReplayGuard };
  /**
   * A new ioredis connection to the same Redis for BullMQ (which runs on ioredis and
   * needs `maxRetriesPerRequest: null`). `failFast` is for the web side's `Queue`: while
   * Redis is away an enqueue fails at once (the webhook answers 500, Sinch redelivers)
   * instead of waiting in memory. {@link DemoRedis.close} closes it.
   */
  bullmqConnection(options?: { failFast?: boolean }): Redis;
  /** Disconnects, BullMQ's connections too: close the queue and the worker first. */
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Connects to `url` with node-redis and builds the Redis stores on it, so several demo
 * instances behind one load balancer handle each callback once.
 *
 * @throws {DemoConfigError} when Redis cannot be reached within 5 s, naming the URL.
 */
export async function connectDemoRedis(url: string): Promise<DemoRedis> {
  const where = redactPassword(url);
  const client = createClient({ url });
  // The receiver logs an outage once; node-redis would otherwise crash on every failed reconnect.
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DemoConfigError(`REDIS_URL: could not connect to ${where} within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } catch (error) {
    client.destroy();
    throw error instanceof DemoConfigError ? error : new DemoConfigError(`REDIS_URL: could not connect to ${where}: ${String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  const bullmq: Redis[] = [];
  return {
    where,
    stores: { dedupe: redisDedupeStore(client), replayGuard: redisReplayGuard(client) },
    bullmqConnection: ({ failFast = false } = {}) => {
      const connection = new Redis(url, { maxRetriesPerRequest: null, ...(failFast && { enableOfflineQueue: false }) });
      // BullMQ and the receiver report an outage; ioredis would otherwise crash on every failed reconnect.
      connection.on('error', () => {});
      bullmq.push(connection);
      return connection;
    },
    close: async () => {
      for (const connection of bullmq) connection.disconnect();
      client.destroy();
    },
  };
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    throw new DemoConfigError('REDIS_URL is not a URL (e.g. redis://localhost:6379)');
  }
}
