// One process of the two-process reconcile test: a receiver on the shared Redis dedupe
// store, reconciling the simulator's window when its parent says go. It reports every id
// its handler ran and, at the end, its report, over IPC; and, for the one id the parent
// names, when its handler holds it (and waits to be released) or when its claim found the
// other process holding it — so the parent stages the two runs meeting on that id.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createWebhookReceiver, InboundsClient, silentLogger, type DedupeStore } from '@sinch-inbounds/core';
import { redisDedupeStore, type RedisClient } from '@sinch-inbounds/redis';

/** What the parent sends to start the run. */
export interface ReconcileGo {
  type: 'go';
  baseUrl: string;
  servicePlanId: string;
  apiToken: string;
  since: string;
  /** The message whose handler holds it until the parent says `release`. */
  holdId: string;
}

/** What the parent sends. */
export type ReconcileParentMessage = ReconcileGo | { type: 'release' };

/** What this process tells its parent. */
export type ReconcileChildMessage =
  | { type: 'ready' }
  | { type: 'handled'; id: string }
  | { type: 'holding' }
  | { type: 'waiting' }
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
const store = redisDedupeStore(redis);
let holdId: string | undefined;
let release!: () => void;
const released = new Promise<void>((resolve) => (release = resolve));
let toldWaiting = false;
// The shared store, watched for the moment this process finds the held id claimed by the other.
const watched: DedupeStore = {
  async claim(key, leaseMs) {
    const answer = await store.claim(key, leaseMs);
    if (answer === 'in_flight' && key === `mo:${holdId}` && !toldWaiting) {
      toldWaiting = true;
      send({ type: 'waiting' });
    }
    return answer;
  },
  complete: (key, ttlMs) => store.complete(key, ttlMs),
  release: (key) => store.release(key),
  rememberedSince: () => store.rememberedSince(),
  recordClockLead: (aheadMs) => store.recordClockLead(aheadMs),
};
const receiver = createWebhookReceiver({ secret: 'reconcile-processes', dedupe: watched, duplicateWaitMs: 120_000, logger: silentLogger });
receiver.on('inbound', async (message) => {
  if (message.id === holdId) {
    send({ type: 'holding' });
    await released;
  }
  send({ type: 'handled', id: message.id });
});
process.on('message', (message: ReconcileParentMessage) => {
  if (message.type === 'release') {
    release();
    return;
  }
  if (message.type !== 'go') return;
  holdId = message.holdId;
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
