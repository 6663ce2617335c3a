// One process of the two-process reconcile test: a receiver on the shared Redis dedupe
// store, reconciling the simulator's window when its parent says go. It reports every id
// its handler ran and, at the end, its report, over IPC.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createWebhookReceiver, InboundsClient, silentLogger } from '@sinch-inbounds/core';
import { redisDedupeStore, type RedisClient } from '@sinch-inbounds/redis';

/** What the parent sends to start the run. */
export interface ReconcileGo {
  type: 'go';
  baseUrl: string;
  servicePlanId: string;
  apiToken: string;
  since: string;
}

/** What this process tells its parent. */
export type ReconcileChildMessage =
  | { type: 'ready' }
  | { type: 'handled'; id: string }
  | { type: 'report'; report: { seen: number; handled: number; duplicates: number; failed: number; deferred: number } }
  | { type: 'error'; message: string };

const send = (message: ReconcileChildMessage): void => void process.send?.(message);

async function connect(url: string, kind: string): Promise<RedisClient> {
  if (kind === 'ioredis') {
    const client = new Redis(url);
    client.on('error', () => {});
    await new Promise((resolve) => client.once('ready', resolve));
    return client;
  }
  const client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

const redis = await connect(process.env.REDIS_URL ?? '', process.env.REDIS_CLIENT ?? 'node-redis');
const receiver = createWebhookReceiver({ dangerouslyAllowUnauthenticated: true, dedupe: redisDedupeStore(redis), logger: silentLogger });
receiver.on('inbound', async (message) => {
  // A millisecond of work per message, so one run alone takes over a second and the two
  // overlap on the same ids even when one process starts late on a loaded machine
  // (setImmediate alone let one run finish first under load).
  await new Promise((resolve) => setTimeout(resolve, 1));
  send({ type: 'handled', id: message.id });
});
process.on('message', (message: ReconcileGo) => {
  if (message.type !== 'go') return;
  const client = new InboundsClient({ servicePlanId: message.servicePlanId, apiToken: message.apiToken, baseUrl: message.baseUrl, logger: silentLogger });
  receiver.reconcile(client, { since: new Date(message.since) }).then(
    (report) => {
      send({ type: 'report', report });
      process.exit(0);
    },
    (error: unknown) => {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
});
send({ type: 'ready' });
