import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSinchSimulator, type SimulatorOptions, type SinchSimulator } from '@sinch-inbounds/testing';
import {
  createWebhookReceiver,
  InboundsClient,
  MemoryDedupeStore,
  silentLogger,
  type DedupeClaim,
  type DedupeStore,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from '../../src/index.js';

export const SECRET = 'reconcile-secret';

/** A {@link MemoryDedupeStore} that counts claims taken and given back, to show none is left held. */
export class TrackingStore implements DedupeStore {
  readonly inner = new MemoryDedupeStore();
  readonly held = new Set<string>();
  claims = 0;

  async claim(key: string, leaseMs: number): Promise<DedupeClaim> {
    const answer = await this.inner.claim(key, leaseMs);
    if (answer === 'claimed') {
      this.claims++;
      this.held.add(key);
    }
    return answer;
  }

  async complete(key: string, ttlMs: number): Promise<void> {
    this.held.delete(key);
    await this.inner.complete(key, ttlMs);
  }

  async release(key: string): Promise<void> {
    this.held.delete(key);
    await this.inner.release(key);
  }
}

/**
 * What the app's endpoint answers for a callback before the receiver sees it: `undefined`
 * lets the receiver handle it; a status short-circuits (an app that is down, or a bad
 * deploy answering 4xx).
 */
export type Front = (id: string | undefined) => number | undefined;

/** A running app: the receiver behind a real HTTP server, a simulator posting to it, and a client reading the simulator back. */
export interface ReconcileRig {
  receiver: WebhookReceiver;
  simulator: SinchSimulator;
  client: InboundsClient;
  store: TrackingStore;
  /** How often each id reached an `'inbound'` handler. */
  handled: Map<string, number>;
  close(): Promise<void>;
}

/** Starts a {@link ReconcileRig}. */
export async function startRig(
  options: { front?: Front; receiver?: WebhookReceiverOptions; simulator?: SimulatorOptions } = {},
): Promise<ReconcileRig> {
  const store = new TrackingStore();
  const receiver = createWebhookReceiver({ secret: SECRET, dedupe: store, logger: silentLogger, ...options.receiver });
  const handled = new Map<string, number>();
  receiver.on('inbound', (message) => {
    handled.set(message.id, (handled.get(message.id) ?? 0) + 1);
  });
  const front = options.front;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const status = front?.(idOf(body));
      if (status !== undefined) {
        res.writeHead(status).end();
        return;
      }
      void receiver.handle({ method: req.method ?? '', headers: req.headers, body }).then((answer) => {
        res.writeHead(answer.status, answer.headers).end(answer.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const simulator = await startSinchSimulator({
    webhook: { url: `http://127.0.0.1:${port}/sinch/callbacks`, secret: SECRET },
    timeScale: 0.00001,
    seed: 7,
    ...options.simulator,
  });
  const client = new InboundsClient({ servicePlanId: simulator.servicePlanId, apiToken: simulator.apiToken, baseUrl: simulator.url, logger: silentLogger });
  return {
    receiver,
    simulator,
    client,
    store,
    handled,
    async close() {
      await simulator.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function idOf(body: Buffer): string | undefined {
  try {
    const id: unknown = (JSON.parse(body.toString('utf8')) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** An hour ago: a window that holds everything a test sends. */
export function anHourAgo(): Date {
  return new Date(Date.now() - 60 * 60 * 1000);
}

/** The ids handled other than exactly once. */
export function notOnce(handled: Map<string, number>, ids: readonly string[]): string[] {
  return ids.filter((id) => handled.get(id) !== 1);
}
