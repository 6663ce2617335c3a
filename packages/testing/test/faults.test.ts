import { request } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { startSinchSimulator, type FaultOptions, type SinchSimulator } from '@sinch-inbounds/testing';
import { startReceiver, type TestReceiver } from './support/webhook-receiver.js';

let sim: SinchSimulator | undefined;
let receiver: TestReceiver | undefined;
afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  sim = undefined;
  receiver = undefined;
});

function listUrl(s: SinchSimulator): string {
  return `${s.url}/xms/v1/${s.servicePlanId}/inbounds`;
}

function auth(s: SinchSimulator): { authorization: string } {
  return { authorization: `Bearer ${s.apiToken}` };
}

/** What a raw HTTP client observes: the status line (if any), how much body, and whether it ended cleanly. */
function rawGet(url: string, headers: Record<string, string>, timeoutMs = 2000): Promise<{ status?: number; bytes: number; outcome: 'complete' | 'aborted' | 'error' | 'timeout' }> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let bytes = 0;
    const req = request(url, { headers, agent: false }, (res) => {
      status = res.statusCode;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status, bytes, outcome: 'complete' }));
      res.on('aborted', () => resolve({ status, bytes, outcome: 'aborted' }));
      res.on('error', () => resolve({ status, bytes, outcome: 'aborted' }));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve({ status, bytes, outcome: 'timeout' });
    });
    req.on('error', () => resolve({ status, bytes, outcome: 'error' }));
    req.end();
  });
}

describe('fault injection on the REST routes', () => {
  test('errorRate answers errorStatus with a {code, text} body', async () => {
    sim = await startSinchSimulator({ faults: { list: { errorRate: 1, errorStatus: 503 } } });
    const res = await fetch(listUrl(sim), { headers: auth(sim) });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'service_unavailable' });
    expect(sim.requests()[0]).toMatchObject({ fault: 'error', status: 503 });
    // Only the list route was targeted.
    expect((await fetch(`${listUrl(sim)}/x`, { headers: auth(sim) })).status).toBe(404);
  });

  test('rateLimitRate answers 429 with Retry-After', async () => {
    sim = await startSinchSimulator({ faults: { all: { rateLimitRate: 1, retryAfterSeconds: 7 } } });
    const res = await fetch(listUrl(sim), { headers: auth(sim) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    const token = await fetch(sim.authUrl, { method: 'POST' });
    expect(token.status).toBe(429);
  });

  test('maxFaults makes "fail twice, then work" scenarios', async () => {
    sim = await startSinchSimulator({ faults: { get: { errorRate: 1, errorStatus: 500, maxFaults: 2 } } });
    await sim.send({ id: 'abc' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${listUrl(sim)}/abc`, { headers: auth(sim) })).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  test('latencyMs delays the answer', async () => {
    sim = await startSinchSimulator({ faults: { list: { latencyMs: 120 } } });
    const started = performance.now();
    expect((await fetch(listUrl(sim), { headers: auth(sim) })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  test.each(['headers', 'body'] as const)('dropRate destroys the connection after the %s', async (dropAt) => {
    sim = await startSinchSimulator({ faults: { list: { dropRate: 1, dropAt } } });
    sim.seed(50);
    const seen = await rawGet(listUrl(sim), auth(sim));
    expect(seen.status).toBe(200);
    expect(seen.outcome).not.toBe('complete');
    if (dropAt === 'headers') expect(seen.bytes).toBe(0);
    else expect(seen.bytes).toBeGreaterThan(0);
    // fetch sees the cut as a failure, never as a complete JSON answer.
    await expect(fetch(listUrl(sim), { headers: auth(sim) }).then((r) => r.json())).rejects.toThrow();
    expect(sim.requests()[0]!.fault).toBe('drop');
  });

  test('stallRate never answers until the client gives up, and close() ends stalls', async () => {
    sim = await startSinchSimulator({ faults: { list: { stallRate: 1 } } });
    const gaveUp = await rawGet(listUrl(sim), auth(sim), 150);
    expect(gaveUp).toEqual({ status: undefined, bytes: 0, outcome: 'timeout' });
    const pending = fetch(listUrl(sim), { headers: auth(sim) });
    while (sim.requests().length < 2) await new Promise((r) => setTimeout(r, 5));
    await sim.close();
    await expect(pending).rejects.toThrow();
  });

  test('the same seed injects the same faults in the same order; setFaults changes them', async () => {
    const faults: FaultOptions = { list: { errorRate: 0.3, rateLimitRate: 0.2 } };
    const run = async (seed: number): Promise<number[]> => {
      const s = await startSinchSimulator({ seed, faults });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) statuses.push((await fetch(listUrl(s), { headers: auth(s) })).status);
        return statuses;
      } finally {
        await s.close();
      }
    };
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 503, 429]));
    sim = await startSinchSimulator({ seed: 42, faults });
    sim.setFaults(undefined);
    expect((await fetch(listUrl(sim), { headers: auth(sim) })).status).toBe(200);
    sim.setFaults({ token: { errorRate: 1, errorStatus: 502 } });
    expect((await fetch(sim.authUrl, { method: 'POST' })).status).toBe(502);
  });
});

describe('fault injection on callback delivery', () => {
  test.each(['headers', 'body'] as const)('dropRate cuts the request after the %s; it counts as a network error and is retried', async (dropAt) => {
    receiver = await startReceiver();
    sim = await startSinchSimulator({
      webhook: { url: receiver.url, secret: 's' },
      timeScale: 0.001,
      faults: { webhook: { dropRate: 1, dropAt, maxFaults: 2 } },
    });
    const record = await (await sim.send()).delivery!;
    expect(record.outcome).toBe('delivered');
    expect(record.attempts.map((a) => a.error === undefined)).toEqual([false, false, true]);
    expect(record.attempts[0]!.error).toMatch(/dropped/);
    expect(receiver.received).toHaveLength(1);
  });

  test('stallRate hangs mid-body until the attempt times out', async () => {
    receiver = await startReceiver();
    sim = await startSinchSimulator({
      webhook: { url: receiver.url },
      timeScale: 0.001,
      deliveryTimeoutMs: 60,
      faults: { webhook: { stallRate: 1, maxFaults: 1 } },
    });
    const record = await (await sim.send()).delivery!;
    expect(record.attempts[0]!.error).toMatch(/timed out/);
    expect(record.outcome).toBe('delivered');
  });

  test('latencyMs delays each attempt; error rates do not apply to webhooks', async () => {
    receiver = await startReceiver();
    sim = await startSinchSimulator({ webhook: { url: receiver.url }, faults: { all: { latencyMs: 80, errorRate: 1 } } });
    const before = Date.now();
    const record = await (await sim.send()).delivery!;
    expect(record.outcome).toBe('delivered');
    expect(record.attempts[0]!.at - before).toBeGreaterThanOrEqual(75);
  });
});
