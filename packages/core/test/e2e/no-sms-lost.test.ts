import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingLogger, startSinchSimulator, type DeliveryRecord, type SinchSimulator } from '@sinch-inbounds/testing';
import { createNodeHandler, createWebhookReceiver, MemoryDedupeStore, type WebhookReceiver, type WebhookReceiverOptions } from '../../src/index.js';

// Sinch's 5 s · 2^k schedule at 1 real ms per simulated second: 10 simulated minutes of
// handler outage pass in 0.6 s.
const TIME_SCALE = 0.001;
const SECRET = 'e2e-secret';
const MINUTE = 60_000;

let sim: SinchSimulator | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sim?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  sim = undefined;
  server = undefined;
});

/** One simulated clock for the simulator's signatures and the receiver: real time, scaled up. */
function simulatedClock(): () => number {
  const realStart = Date.now();
  return () => realStart + (Date.now() - realStart) / TIME_SCALE;
}

async function serve(receiver: WebhookReceiver): Promise<string> {
  server = createServer(createNodeHandler(receiver));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/sinch`;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function count(map: Map<string, number>, id: string): void {
  map.set(id, (map.get(id) ?? 0) + 1);
}

describe.each(['original', 'fresh'] as const)('late redeliveries, signatures %s', (redeliverySignature) => {
  it('a handler failing for 10 simulated minutes, then recovering: every message handled exactly once', async () => {
    const clock = simulatedClock();
    const logger = createRecordingLogger();
    const receiver = createWebhookReceiver({ secret: SECRET, logger, now: clock, dedupe: new MemoryDedupeStore({ now: clock }) });
    const handled = new Map<string, number>();
    let failUntil = Infinity;
    receiver.on('error', () => {});
    receiver.on('mo_text', (m) => {
      if (clock() < failUntil) throw new Error('database down');
      count(handled, m.id);
    });
    sim = await startSinchSimulator({
      webhook: { url: await serve(receiver), secret: SECRET },
      timeScale: TIME_SCALE,
      redeliverySignature,
      signatureNow: clock,
    });
    // Vouching needs memory older than the signature by one window (5 simulated minutes).
    const memoryStart = clock();
    await until(() => clock() > memoryStart + 6 * MINUTE);

    failUntil = clock() + 10 * MINUTE;
    const ids: string[] = [];
    const deliveries: Promise<DeliveryRecord>[] = [];
    for (let i = 0; i < 20; i++) {
      const { inbound, delivery } = await sim.send({ body: `message ${i}` });
      ids.push(inbound.id);
      deliveries.push(delivery!);
    }
    // Sinch also sends duplicates: a few messages twice more, one during the outage.
    deliveries.push(sim.redeliver(ids[3]!), sim.redeliver(ids[7]!));
    const records = await Promise.all(deliveries);
    deliveries.length = 0;
    for (const id of [ids[3]!, ids[11]!, ids[19]!]) deliveries.push(sim.redeliver(id));
    records.push(...(await Promise.all(deliveries)));

    expect(records.map((r) => r.outcome)).toEqual(records.map(() => 'delivered'));
    expect([...handled.keys()].sort()).toEqual([...ids].sort());
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
    // The outage outlasts the tolerance window, so in 'original' mode the successful
    // attempts carry signatures older than it: refused (401, dropped, lost) before.
    if (redeliverySignature === 'original') {
      expect(logger.entries.some((e) => /dedupe memory vouches/.test(e.message))).toBe(true);
    }
  });
});

describe('callback types with no handler, through the simulator', () => {
  async function run(options: Partial<WebhookReceiverOptions>) {
    const logger = createRecordingLogger();
    const receiver = createWebhookReceiver({ secret: SECRET, logger, ...options });
    const handled = new Map<string, number>();
    receiver.on('mo_text', (m) => count(handled, m.id));
    sim = await startSinchSimulator({ webhook: { url: await serve(receiver), secret: SECRET }, timeScale: TIME_SCALE });
    const sent: { id: string; type: string; delivery: Promise<DeliveryRecord> }[] = [];
    for (let i = 0; i < 6; i++) {
      const { inbound, delivery } = await sim.send(i % 2 === 0 ? { body: `text ${i}` } : { type: 'mo_media' });
      sent.push({ id: inbound.id, type: inbound.type, delivery: delivery! });
    }
    for (const type of ['delivery_report_sms', 'delivery_report_mms', 'recipient_delivery_report_sms', 'recipient_delivery_report_mms'] as const) {
      const { id, delivery } = await sim.sendCallback({ type });
      sent.push({ id, type, delivery: delivery! });
    }
    const { id, delivery } = await sim.sendCallback({ type: 'mo_hologram', id: 'HOLO-1' });
    sent.push({ id, type: 'mo_hologram', delivery: delivery! });
    return { receiver, logger, handled, sent };
  }

  it("acknowledged by default: every message answered 200 once, texts handled once, one warning per unhandled type", async () => {
    const { logger, handled, sent } = await run({});
    const records = await Promise.all(sent.map((s) => s.delivery));
    expect(records.map((r) => `${r.outcome}:${r.attempts.length}`)).toEqual(records.map(() => 'delivered:1'));
    expect([...handled.keys()].sort()).toEqual(sent.filter((s) => s.type === 'mo_text').map((s) => s.id).sort());
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
    const warned = logger.entries.filter((e) => e.level === 'warn' && /no handler is registered/.test(e.message)).map((e) => e.context?.type);
    expect(warned.sort()).toEqual(['delivery_report_mms', 'delivery_report_sms', 'mo_hologram', 'mo_media', 'recipient_delivery_report_mms', 'recipient_delivery_report_sms']);
  });

  it("unhandledCallbacks: 'retry': 500 until handlers exist, then every message handled exactly once", async () => {
    const { receiver, handled, sent } = await run({ unhandledCallbacks: 'retry' });
    // Sinch retries meanwhile; the app registers the missing handlers once every
    // callback has been refused at least once.
    await until(() => (sim?.deliveries() ?? []).every((d) => d.type === 'mo_text' || d.attempts.some((a) => a.status === 500)));
    receiver.on('mo_media', (m) => count(handled, m.id));
    receiver.on('delivery_report', (r) => count(handled, `${r.type}:${r.batch_id}`));
    receiver.on('unknown', (u) => count(handled, String(u.raw.id)));
    const records = await Promise.all(sent.map((s) => s.delivery));
    expect(records.map((r) => r.outcome)).toEqual(records.map(() => 'delivered'));
    expect(records.filter((r) => r.type !== 'mo_text').every((r) => r.attempts.length > 1)).toBe(true);
    expect(handled.size).toBe(sent.length);
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('a handler that never settles, through the simulator', () => {
  it('the callback is answered 500 after handlerTimeoutMs and the next delivery handles it: every message once', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: createRecordingLogger(), handlerTimeoutMs: 50 });
    receiver.on('error', () => {});
    const completed = new Map<string, number>();
    const stuckOnce = new Set<string>();
    receiver.on('mo_text', async (m) => {
      if (m.body.startsWith('stuck') && !stuckOnce.has(m.id)) {
        stuckOnce.add(m.id);
        await new Promise<void>(() => {}); // never settles
      }
      count(completed, m.id);
    });
    sim = await startSinchSimulator({ webhook: { url: await serve(receiver), secret: SECRET }, timeScale: TIME_SCALE });
    const sent = [];
    for (let i = 0; i < 10; i++) sent.push(await sim.send({ body: i % 3 === 0 ? `stuck ${i}` : `fine ${i}` }));
    const records = await Promise.all(sent.map((s) => s.delivery!));
    expect(records.map((r) => r.outcome)).toEqual(records.map(() => 'delivered'));
    for (const [i, r] of records.entries()) expect(r.attempts.map((a) => a.status)).toEqual(i % 3 === 0 ? [500, 200] : [200]);
    expect(completed.size).toBe(10);
    expect([...completed.values()].every((n) => n === 1)).toBe(true);
  });
});
