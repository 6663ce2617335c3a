import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingLogger, startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { createNodeHandler, createWebhookReceiver, type WebhookReceiver } from '../../src/index.js';

// Sinch's retry schedule (5 s · 2^k) at a hundredth: 50 ms, 100 ms, 200 ms, …
const TIME_SCALE = 0.01;
const SECRET = 'e2e-secret';
// Sinch stops waiting after this; the handler below takes longer.
const DELIVERY_TIMEOUT_MS = 1_000;
const HANDLER_MS = 1_300;

let sim: SinchSimulator | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sim?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  sim = undefined;
  server = undefined;
});

async function serve(receiver: WebhookReceiver): Promise<string> {
  server = createServer(createNodeHandler(receiver));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/sinch`;
}

describe('the original signed request redelivered while its first copy still runs (issue 25, item 1)', () => {
  it('a handler slower than Sinch waits: every message delivered, each handler success exactly once', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: createRecordingLogger() });
    receiver.on('error', () => {});
    const runs = new Map<string, number>();
    const successes = new Map<string, number>();
    receiver.on('mo_text', async (m) => {
      const run = (runs.get(m.id) ?? 0) + 1;
      runs.set(m.id, run);
      await new Promise((resolve) => setTimeout(resolve, HANDLER_MS));
      // "fail first" messages fail their first run, after Sinch has stopped waiting for it.
      if (m.body.startsWith('fail first') && run === 1) throw new Error('database down');
      successes.set(m.id, (successes.get(m.id) ?? 0) + 1);
    });
    sim = await startSinchSimulator({
      webhook: { url: await serve(receiver), secret: SECRET },
      timeScale: TIME_SCALE,
      redeliverySignature: 'original',
      deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
    });
    const sent = await Promise.all([sim.send({ body: 'slow but fine' }), sim.send({ body: 'fail first, then fine' })]);
    const records = await Promise.all(sent.map((s) => s.delivery!));

    expect(records.map((r) => r.outcome)).toEqual(['delivered', 'delivered']);
    // Sinch did give up on the first attempt, and sent the same signed request again.
    for (const r of records) expect(r.attempts[0]!.error).toMatch(/timed out/);
    expect(records.flatMap((r) => r.attempts).filter((a) => a.status === 401)).toEqual([]);
    for (const s of sent) expect(successes.get(s.inbound.id)).toBe(1);
  }, 30_000);
});
