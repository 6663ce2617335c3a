// One receiver instance of the scale-out tests, run as its own Node process: Express, the
// webhook middleware and the Redis stores, built from the workspace sources. It tells
// its parent over IPC when it listens, what it handled and what it logged.
import express from 'express';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createWebhookReceiver, sinchWebhook, type Logger } from '@sinch-inbounds/express';
import { redisDedupeStore, redisReplayGuard, type RedisClient } from '@sinch-inbounds/redis';
import type { ChildConfig, ChildMessage, ParentMessage } from './child-protocol.js';

const config = JSON.parse(process.env.SINCH_CHILD_CONFIG ?? '{}') as ChildConfig;
const send = (message: ChildMessage): void => void process.send?.(message);

async function connect(): Promise<RedisClient> {
  if (config.client === 'ioredis') {
    const client = new Redis(config.redisUrl);
    client.on('error', () => {});
    await new Promise((resolve) => client.once('ready', resolve));
    return client;
  }
  const client = createClient({ url: config.redisUrl });
  client.on('error', () => {});
  await client.connect();
  return client;
}

const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) => {
  if (level !== 'debug') send({ type: 'log', level, message });
};
const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };

const redis = await connect();
const receiver = createWebhookReceiver({
  secret: config.secret,
  dedupe: redisDedupeStore(redis),
  replayGuard: redisReplayGuard(redis),
  dedupeLeaseMs: config.leaseMs,
  duplicateWaitMs: config.duplicateWaitMs,
  logger,
});
// Handlers of HOLD callbacks wait here until the parent says `release`.
let release: () => void = () => {};
let released = new Promise<void>((resolve) => (release = resolve));
process.on('message', (message: ParentMessage) => {
  if (message.type !== 'release') return;
  release();
  released = new Promise<void>((resolve) => (release = resolve));
});

receiver.on('mo_text', async (sms) => {
  if (sms.body === 'HOLD' && config.hold === true) {
    send({ type: 'started', id: sms.id });
    await released;
  }
  if (sms.body === 'HANG' && config.hang === true) {
    // The instance is killed here, mid-handler, by the test.
    send({ type: 'started', id: sms.id });
    await new Promise(() => {});
  }
  send({ type: 'handled', id: sms.id });
});
const server = express().post('/sinch/callbacks', sinchWebhook(receiver)).listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') send({ type: 'listening', port: address.port });
});
// The proxy keeps connections open; a server closing one as it is reused would be a 502.
server.keepAliveTimeout = 120_000;
