import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHandler, createWebhookReceiver, silentLogger, type WebhookReceiver, type WebhookReceiverOptions } from '@sinch-inbounds/core';
import { redisDedupeStore } from '@sinch-inbounds/redis';
import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { bullmqQueue, type BullmqQueueOptions } from '../../src/index.js';

export const SECRET = fixtures.webhookSecret;

/** The body of a `mo_text` with id `id`, as Sinch sends it. */
export function moTextBody(id: string, text = 'hello'): string {
  return JSON.stringify({ ...fixtures.moTextWebhook, id, body: text, received_at: new Date().toISOString() });
}

/** An ioredis connection as BullMQ wants it (no per-request retry limit), and errors kept quiet. */
export function connect(url: string, options: { offlineQueue?: boolean } = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableOfflineQueue: options.offlineQueue ?? true });
  redis.on('error', () => {});
  return redis;
}

/** The web side: a receiver with a BullMQ queue, behind a real node:http server on port 0. */
export interface Web {
  readonly url: string;
  readonly receiver: WebhookReceiver;
  readonly queue: Queue;
  post(body: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startWeb(
  redisUrl: string,
  queueName: string,
  options: { queue?: BullmqQueueOptions; receiver?: Partial<WebhookReceiverOptions> } = {},
): Promise<Web> {
  // As the README advises for the web side: fail at once while Redis is away, rather
  // than buffer the job and answer 500 for a callback that lands after all.
  const connection = connect(redisUrl, { offlineQueue: false });
  const queue = new Queue(queueName, { connection });
  const dedupeClient = connect(redisUrl);
  const receiver = createWebhookReceiver({
    secret: SECRET,
    dedupe: redisDedupeStore(dedupeClient),
    queue: bullmqQueue(queue, options.queue),
    logger: silentLogger,
    ...options.receiver,
  });
  const server: Server = createServer(createNodeHandler(receiver));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    receiver,
    queue,
    async post(body) {
      const response = await fetch(url, { method: 'POST', headers: signedCallbackHeaders(body, { secret: SECRET }), body });
      return { status: response.status, body: await response.text() };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await queue.close();
      connection.disconnect();
      dedupeClient.disconnect();
    },
  };
}

/** Resolves once `check` holds, polling; for state that has no event to wait on. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
