import { afterEach, describe, expect, test } from 'vitest';
import { parseInbound, verifyWebhook } from '@sinch-inbounds/core';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { startReceiver, type TestReceiver } from './support/webhook-receiver.js';

let sim: SinchSimulator | undefined;
let receiver: TestReceiver | undefined;
afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  sim = undefined;
  receiver = undefined;
});

// 5 s · 2^k scaled by 0.001 → 5, 10, 20, 40 ms: the schedule runs in milliseconds.
const TIME_SCALE = 0.001;

describe('callback delivery', () => {
  test('POSTs the stored inbound as JSON, signed so that core verifies it', async () => {
    receiver = await startReceiver();
    sim = await startSinchSimulator({ webhook: { url: receiver.url, secret: 's3cret' } });
    const { inbound, delivery } = await sim.send({ body: 'Hello 👋 2024-06-06T14:16:54Z' });
    const record = await delivery!;
    expect(record).toMatchObject({ inboundId: inbound.id, url: receiver.url, outcome: 'delivered' });
    expect(record.attempts).toHaveLength(1);
    expect(record.attempts[0]).toMatchObject({ status: 200, delayMs: 0 });

    const [req] = receiver.received;
    expect(req!.method).toBe('POST');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(verifyWebhook({ secret: 's3cret', headers: req!.headers, body: req!.body })).toMatchObject({ ok: true });
    expect(verifyWebhook({ secret: 'other', headers: req!.headers, body: req!.body })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(JSON.parse(req!.body.toString('utf8'))).toEqual(inbound);
    expect(parseInbound(req!.body).id).toBe(inbound.id);
  });

  test('without a secret callbacks go out unsigned; without a webhook there is no delivery', async () => {
    receiver = await startReceiver();
    sim = await startSinchSimulator({ webhook: { url: receiver.url } });
    await (await sim.send()).delivery;
    expect(receiver.received[0]!.headers['x-sinch-webhook-signature']).toBeUndefined();
    sim.setWebhook(undefined);
    const sent = await sim.send();
    expect(sent.delivery).toBeUndefined();
    await expect(sim.waitForDelivery(sent.inbound.id)).rejects.toThrow(/never delivered/);
  });

  test('retries 5xx with 5 s · 2^k × timeScale delays, with a fresh nonce per attempt, until a 2xx', async () => {
    receiver = await startReceiver((n) => (n < 3 ? 503 : 200));
    sim = await startSinchSimulator({ webhook: { url: receiver.url, secret: 'k' }, timeScale: TIME_SCALE });
    const { inbound } = await sim.send();
    const record = await sim.waitForDelivery(inbound.id);
    expect(record.outcome).toBe('delivered');
    expect(record.attempts.map((a) => a.status)).toEqual([503, 503, 503, 200]);
    expect(record.attempts.map((a) => a.delayMs)).toEqual([0, 5, 10, 20]);
    // Real time between attempts is at least the scheduled delay.
    for (let i = 1; i < record.attempts.length; i++) {
      expect(record.attempts[i]!.at - record.attempts[i - 1]!.at).toBeGreaterThanOrEqual(record.attempts[i]!.delayMs - 1);
    }
    const nonces = receiver.received.map((r) => r.headers['x-sinch-webhook-signature-nonce']);
    expect(new Set(nonces).size).toBe(4);
    for (const r of receiver.received) expect(verifyWebhook({ secret: 'k', headers: r.headers, body: r.body }).ok).toBe(true);
  });

  test('retries 429 like a 5xx', async () => {
    receiver = await startReceiver((n) => (n === 0 ? 429 : 204));
    sim = await startSinchSimulator({ webhook: { url: receiver.url }, timeScale: TIME_SCALE });
    const record = await (await sim.send()).delivery!;
    expect(record.attempts.map((a) => a.status)).toEqual([429, 204]);
    expect(record.outcome).toBe('delivered');
  });

  test.each([400, 401, 404, 413, 415])('drops the callback on %i without retrying', async (status) => {
    receiver = await startReceiver(() => status);
    sim = await startSinchSimulator({ webhook: { url: receiver.url }, timeScale: TIME_SCALE });
    const record = await (await sim.send()).delivery!;
    expect(record.outcome).toBe('dropped');
    expect(record.attempts.map((a) => a.status)).toEqual([status]);
    expect(receiver.received).toHaveLength(1);
  });

  test('gives up after maxDeliveryAttempts and reports the callback exhausted', async () => {
    receiver = await startReceiver(() => 500);
    sim = await startSinchSimulator({ webhook: { url: receiver.url }, timeScale: TIME_SCALE, maxDeliveryAttempts: 5 });
    const record = await (await sim.send()).delivery!;
    expect(record.outcome).toBe('exhausted');
    expect(record.attempts.map((a) => a.delayMs)).toEqual([0, 5, 10, 20, 40]);
    expect(receiver.received).toHaveLength(5);
  });

  test('retries network errors (connection refused)', async () => {
    const gone = await startReceiver();
    const url = gone.url;
    await gone.close();
    sim = await startSinchSimulator({ webhook: { url }, timeScale: TIME_SCALE, maxDeliveryAttempts: 3 });
    const record = await (await sim.send()).delivery!;
    expect(record.outcome).toBe('exhausted');
    expect(record.attempts).toHaveLength(3);
    for (const a of record.attempts) {
      expect(a.status).toBeUndefined();
      expect(a.error).toMatch(/ECONNREFUSED/);
    }
  });

  test('a too-slow webhook counts as a network error after deliveryTimeoutMs', async () => {
    const { createServer } = await import('node:http');
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as { port: number }).port;
    try {
      sim = await startSinchSimulator({
        webhook: { url: `http://127.0.0.1:${port}/` },
        deliveryTimeoutMs: 50,
        maxDeliveryAttempts: 2,
        timeScale: TIME_SCALE,
      });
      const record = await (await sim.send()).delivery!;
      expect(record.outcome).toBe('exhausted');
      expect(record.attempts[0]!.error).toMatch(/timed out/);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  test('the default schedule is Sinch’s: 16 attempts, the last retry 81,920 s after the one before', async () => {
    receiver = await startReceiver(() => 503);
    // A scale of 1e-6 turns Sinch's 5 s … 81,920 s into 0.005 … 81.92 ms.
    const scale = 1e-6;
    sim = await startSinchSimulator({ webhook: { url: receiver.url }, timeScale: scale });
    const record = await (await sim.send()).delivery!;
    expect(record.attempts).toHaveLength(16);
    expect(record.outcome).toBe('exhausted');
    const unscaledSeconds = record.attempts.map((a) => Math.round(a.delayMs / scale / 1000));
    expect(unscaledSeconds).toEqual([0, 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 40960, 81920]);
  });

  test('redeliver() sends a stored inbound again, as a duplicate with a new record', async () => {
    receiver = await startReceiver();
    sim = await startSinchSimulator({ webhook: { url: receiver.url, secret: 'x' } });
    const { inbound, delivery } = await sim.send();
    await delivery;
    const again = await sim.redeliver(inbound.id);
    expect(again.outcome).toBe('delivered');
    expect(sim.deliveries()).toHaveLength(2);
    expect(receiver.received[1]!.body.equals(receiver.received[0]!.body)).toBe(true);
    await expect(sim.redeliver('unknown')).rejects.toThrow(/no stored inbound/);
  });

  test('close() stops pending retries; waiting deliveries settle as pending', async () => {
    receiver = await startReceiver(() => 503);
    sim = await startSinchSimulator({ webhook: { url: receiver.url }, timeScale: 1 });
    const { inbound, delivery } = await sim.send();
    while (receiver.received.length === 0) await new Promise((r) => setTimeout(r, 5));
    const waiting = sim.waitForDelivery(inbound.id);
    await sim.close();
    const record = await delivery!;
    expect(record.outcome).toBe('pending');
    expect(await waiting).toBe(record);
    expect(receiver.received).toHaveLength(1);
  });
});

describe('onDeliveryAttempt', () => {
  test('is told about every attempt as it finishes, and its exceptions do not break delivery', async () => {
    receiver = await startReceiver((n) => (n === 0 ? 500 : 200));
    const seen: string[] = [];
    sim = await startSinchSimulator({
      webhook: { url: receiver.url },
      timeScale: TIME_SCALE,
      onDeliveryAttempt: (record, attempt) => {
        seen.push(`${attempt.status}:${record.outcome}`);
        throw new Error('observer bug');
      },
    });
    const record = await (await sim.send()).delivery!;
    expect(record.outcome).toBe('delivered');
    expect(seen).toEqual(['500:pending', '200:delivered']);
  });
});
