// A web process of the scale-out test: node:http, a receiver with the BullMQ queue and
// the Redis stores, built from the workspace sources. It tells its parent its port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHandler, createWebhookReceiver, silentLogger } from '@sinch-inbounds/core';
import { redisDedupeStore, redisReplayGuard } from '@sinch-inbounds/redis';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { bullmqQueue } from '../../src/index.js';
import type { WebChildConfig, WorkerChildMessage } from './worker-child-protocol.js';

const config = JSON.parse(process.env.SINCH_WORKER_CONFIG ?? '{}') as WebChildConfig;
const send = (message: WorkerChildMessage): void => void process.send?.(message);
const connect = (offlineQueue = true): Redis => {
  const client = new Redis(config.redisUrl, { maxRetriesPerRequest: null, enableOfflineQueue: offlineQueue });
  client.on('error', () => {});
  return client;
};

const stores = connect();
const queue = new Queue(config.queueName, { connection: connect(false) });
await queue.waitUntilReady();
const receiver = createWebhookReceiver({
  secret: config.secret,
  dedupe: redisDedupeStore(stores),
  replayGuard: redisReplayGuard(stores),
  queue: bullmqQueue(queue),
  logger: silentLogger,
});
const server = createServer(createNodeHandler(receiver));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
send({ type: 'ready', port: (server.address() as AddressInfo).port });
