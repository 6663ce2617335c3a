// A worker process of the kill tests: a receiver on the Redis dedupe store and a BullMQ
// worker, built from the workspace sources. It stops still at a chosen point so the
// parent can kill -9 it there: inside the handler, or right after the dedupe store
// recorded success but before BullMQ heard of it.
import { createWebhookReceiver, silentLogger, type DedupeStore } from '@sinch-inbounds/core';
import { redisDedupeStore } from '@sinch-inbounds/redis';
import { Redis } from 'ioredis';
import { startSinchWorker } from '../../src/index.js';
import type { WorkerChildConfig, WorkerChildMessage } from './worker-child-protocol.js';

const config = JSON.parse(process.env.SINCH_WORKER_CONFIG ?? '{}') as WorkerChildConfig;
const send = (message: WorkerChildMessage): void => void process.send?.(message);
const forever = new Promise<never>(() => {});

const connect = (): Redis => {
  const client = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  client.on('error', () => {});
  return client;
};

const redisStore = redisDedupeStore(connect());
const store: DedupeStore = {
  claim: (key, leaseMs) => redisStore.claim(key, leaseMs),
  release: (key) => redisStore.release(key),
  async complete(key, ttlMs) {
    await redisStore.complete(key, ttlMs);
    if (config.die !== 'after_success') return;
    send({ type: 'recorded', key });
    await forever;
  },
};
const receiver = createWebhookReceiver({
  secret: config.secret,
  dedupe: store,
  dedupeLeaseMs: config.leaseMs,
  handlerTimeoutMs: config.leaseMs,
  storeTimeoutMs: 60_000,
  logger: silentLogger,
});
receiver.on('mo_text', async (message) => {
  if (config.die === 'never') {
    await new Promise((resolve) => setTimeout(resolve, config.handlerMs ?? 0));
    send({ type: 'handled', id: message.id });
    return;
  }
  send({ type: 'started', id: message.id });
  if (config.die === 'mid_handler') await forever;
});
await startSinchWorker(receiver, {
  connection: connect(),
  queueName: config.queueName,
  concurrency: config.concurrency ?? 10,
  logger: silentLogger,
  // Every worker of a queue checks for stalled jobs at most once per stalledInterval
  // (BullMQ keeps one shared marker), so all of them use the same short one here.
  worker: { lockDuration: config.lockDurationMs, stalledInterval: 300 },
});
send({ type: 'ready' });
