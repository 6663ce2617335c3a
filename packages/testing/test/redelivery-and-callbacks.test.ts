import { afterEach, describe, expect, test } from 'vitest';
import { parseCallback, verifyWebhook } from '@sinch-inbounds/core';
import { fixtures, startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { startReceiver, type ReceivedRequest, type TestReceiver } from './support/webhook-receiver.js';

let sim: SinchSimulator | undefined;
let receiver: TestReceiver | undefined;
afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  sim = undefined;
  receiver = undefined;
});

const TIME_SCALE = 0.001;
const signature = (r: ReceivedRequest) => ({
  nonce: r.headers['x-sinch-webhook-signature-nonce'],
  timestamp: r.headers['x-sinch-webhook-signature-timestamp'],
  signature: r.headers['x-sinch-webhook-signature'],
});

describe('redeliverySignature', () => {
  test("'original': every retry and redeliver() send the first signed request unchanged", async () => {
    receiver = await startReceiver((n) => (n < 2 ? 503 : 200));
    let clock = Date.UTC(2025, 0, 13, 9, 0, 0);
    sim = await startSinchSimulator({
      webhook: { url: receiver.url, secret: 'k' },
      timeScale: TIME_SCALE,
      redeliverySignature: 'original',
      signatureNow: () => clock,
    });
    const { inbound, delivery } = await sim.send();
    expect((await delivery!).attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    clock += 3 * 60 * 60 * 1000; // hours later, as Sinch's late retries come
    expect((await sim.redeliver(inbound.id)).outcome).toBe('delivered');
    const sent = receiver.received.map(signature);
    expect(sent).toHaveLength(4);
    for (const s of sent) expect(s).toEqual(sent[0]);
    // Timestamped by signatureNow, when first delivered.
    expect(sent[0]!.timestamp).toBe(String(Date.UTC(2025, 0, 13, 9, 0, 0) / 1000));
    for (const r of receiver.received) expect(verifyWebhook({ secret: 'k', headers: r.headers, body: r.body, toleranceSeconds: 0 }).ok).toBe(true);

    // The per-call option overrides the simulator's.
    await sim.redeliver(inbound.id, { signature: 'fresh' });
    const fresh = signature(receiver.received.at(-1)!);
    expect(fresh.nonce).not.toBe(sent[0]!.nonce);
    expect(fresh.timestamp).toBe(String(clock / 1000));
  });

  test("'fresh' (default): each retry and redeliver() is signed anew; redeliver(id, { signature: 'original' }) repeats the first request", async () => {
    receiver = await startReceiver((n) => (n === 0 ? 500 : 200));
    sim = await startSinchSimulator({ webhook: { url: receiver.url, secret: 'k' }, timeScale: TIME_SCALE });
    const { inbound, delivery } = await sim.send();
    await delivery;
    await sim.redeliver(inbound.id);
    const [first, retry, again] = receiver.received.map(signature);
    expect(new Set([first!.nonce, retry!.nonce, again!.nonce]).size).toBe(3);
    await sim.redeliver(inbound.id, { signature: 'original' });
    expect(signature(receiver.received.at(-1)!)).toEqual(first);
    await expect(sim.redeliver(inbound.id, { signature: 'stale' as 'fresh' })).rejects.toThrow(TypeError);
  });

  test('refuses an unknown mode at start', async () => {
    await expect(startSinchSimulator({ redeliverySignature: 'replayed' as 'fresh' })).rejects.toThrow(TypeError);
  });
});

describe('sendCallback()', () => {
  test('posts each delivery-report type (defaults filled in) and an unknown type, signed, recorded by type', async () => {
    receiver = await startReceiver();
    sim = await startSinchSimulator({ webhook: { url: receiver.url, secret: 'k' } });
    const types = ['delivery_report_sms', 'delivery_report_mms', 'recipient_delivery_report_sms', 'recipient_delivery_report_mms'] as const;
    for (const type of types) {
      const sent = await sim.sendCallback({ type });
      const record = await sent.delivery!;
      expect(record).toMatchObject({ inboundId: sent.id, type, outcome: 'delivered' });
    }
    const unknown = await sim.sendCallback({ type: 'mo_hologram', id: 'HOLO-1', depth: 3 });
    expect(unknown.id).toBe('HOLO-1');
    await unknown.delivery;
    const fromFixture = await sim.sendCallback(fixtures.recipientDeliveryReportMms);
    await fromFixture.delivery;

    const parsed = receiver.received.map((r) => {
      expect(verifyWebhook({ secret: 'k', headers: r.headers, body: r.body }).ok).toBe(true);
      return parseCallback(r.body);
    });
    expect(parsed.map((c) => c.type)).toEqual([...types, 'mo_hologram', 'recipient_delivery_report_mms']);
    expect(JSON.parse(receiver.received[4]!.body.toString('utf8'))).toEqual({ type: 'mo_hologram', id: 'HOLO-1', depth: 3 });
    expect(JSON.parse(receiver.received[5]!.body.toString('utf8'))).toEqual(fixtures.recipientDeliveryReportMms);
    // Nothing of this reaches the REST API's store.
    expect(sim.inbounds()).toHaveLength(0);
  });

  test('its callbacks can be redelivered and waited for; an inbound type or a reused id is refused', async () => {
    receiver = await startReceiver();
    sim = await startSinchSimulator({ webhook: { url: receiver.url, secret: 'k' } });
    const sent = await sim.sendCallback({ type: 'recipient_delivery_report_sms', batch_id: 'B1' });
    await sent.delivery;
    const again = await sim.redeliver(sent.id);
    expect(again).toMatchObject({ type: 'recipient_delivery_report_sms', outcome: 'delivered' });
    expect(await sim.waitForDelivery(sent.id)).toBe(again);
    expect(receiver.received[1]!.body.equals(receiver.received[0]!.body)).toBe(true);
    await expect(sim.sendCallback({ type: 'mo_text' } as never)).rejects.toThrow(/use send\(\)/);
    await expect(sim.sendCallback({ type: 'x', id: sent.id })).rejects.toThrow(/sent already/);
    await expect(sim.redeliver('nothing')).rejects.toThrow(/no stored inbound or sent callback/);
  });
});
