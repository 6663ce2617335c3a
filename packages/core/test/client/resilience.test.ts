import { afterEach, describe, expect, it } from 'vitest';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import {
  InboundsClient,
  SinchApiError,
  SinchNetworkError,
  SinchTimeoutError,
  silentLogger,
  type InboundsClientSettings,
} from '@sinch-inbounds/core';
import { collect, errorText, recordingLogger, rejection, until } from './support.js';

let sim: SinchSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

// The default sender (node:http) and an injected fetch must behave the same.
describe.each([
  ['node:http', undefined],
  ['injected fetch', (url: string, init: RequestInit) => fetch(url, init)],
] as const)('over %s', (_, fetchFn) => {
  async function setup(settings: InboundsClientSettings = {}): Promise<{ sim: SinchSimulator; client: InboundsClient }> {
    sim = await startSinchSimulator({ seed: 42 });
    const client = new InboundsClient({
      servicePlanId: sim.servicePlanId,
      apiToken: sim.apiToken,
      baseUrl: sim.url,
      logger: silentLogger,
      retry: { baseDelayMs: 1, maxDelayMs: 20 },
      ...(fetchFn === undefined ? {} : { fetch: fetchFn }),
      ...settings,
    });
    return { sim, client };
  }

  describe('retries', () => {
    it('iterates 5,000 inbounds through 20% 503s, 10% 429s and 5% dropped connections, each exactly once, in order', async () => {
      const logger = recordingLogger();
      const { sim, client } = await setup({ maxRetries: 12, logger });
      sim.seed(5000);
      sim.setFaults({ list: { errorRate: 0.2, errorStatus: 503, rateLimitRate: 0.1, retryAfterSeconds: 1, dropRate: 0.05 } });
      // 200 pages, so that each kind of fault happens many times over.
      const ids = (await collect(client.iterate({ pageSize: 25 }))).map((m) => m.id);
      expect(ids).toHaveLength(5000);
      expect(ids).toEqual(sim.inbounds().map((m) => m.id));
      const faults = sim.requests().filter((r) => r.fault !== undefined);
      // The faults really happened, and were all retried.
      expect(new Set(faults.map((r) => r.fault))).toEqual(new Set(['error', 'rate_limit', 'drop']));
      expect(sim.requests().filter((r) => r.status === 200 && r.fault === undefined)).toHaveLength(200);
      expect(logger.text().includes('retrying')).toBe(true);
      expect(logger.text()).not.toContain(sim.apiToken);
    }, 60_000); // 5,000 inbounds through injected faults: a ceiling for a loaded machine, not a speed check

    it('honours Retry-After in seconds', async () => {
      const { sim, client } = await setup({ retry: { baseDelayMs: 1, maxDelayMs: 5_000 } });
      sim.seed(1);
      sim.setFaults({ list: { rateLimitRate: 1, retryAfterSeconds: 1, maxFaults: 1 } });
      await client.list();
      const [limited, retried] = sim.requests();
      expect(limited!.status).toBe(429);
      expect(retried!.status).toBe(200);
      // A lower bound on a wait the client must make, not a speed measurement.
      expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
    });

    it('caps a long Retry-After at maxDelayMs', async () => {
      const { sim, client } = await setup({ retry: { baseDelayMs: 1, maxDelayMs: 50 } });
      sim.seed(1);
      sim.setFaults({ list: { rateLimitRate: 1, retryAfterSeconds: 3600, maxFaults: 1 } });
      // Without the cap this would wait an hour and the test would time out.
      expect((await client.list()).count).toBe(1);
    });

    it('gives up after maxRetries with the last SinchApiError', async () => {
      const { sim, client } = await setup({ maxRetries: 2 });
      sim.setFaults({ list: { errorRate: 1, errorStatus: 503 } });
      const error = (await rejection(client.list())) as SinchApiError;
      expect(error).toBeInstanceOf(SinchApiError);
      expect(error.status).toBe(503);
      expect(error.code).toBeDefined();
      expect(sim.requests()).toHaveLength(3);
    });

    it('turns dropped connections into a SinchNetworkError after retries', async () => {
      const { sim, client } = await setup({ maxRetries: 1 });
      sim.seed(3);
      sim.setFaults({ list: { dropRate: 1 } });
      const error = await rejection(client.list());
      expect(error).toBeInstanceOf(SinchNetworkError);
      expect(sim.requests()).toHaveLength(2);
      expect(errorText(error)).not.toContain(sim.apiToken);
    });

    it('turns a refused connection into a SinchNetworkError', async () => {
      const { sim: s } = await setup();
      const url = s.url;
      await s.close();
      sim = undefined;
      const client = new InboundsClient({
        servicePlanId: 'p',
        apiToken: 't',
        baseUrl: url,
        maxRetries: 1,
        retry: { baseDelayMs: 1 },
        logger: silentLogger,
        ...(fetchFn === undefined ? {} : { fetch: fetchFn }),
      });
      expect(await rejection(client.list())).toBeInstanceOf(SinchNetworkError);
    });

    it('times out a stalled request per attempt, retries it, then throws SinchTimeoutError', async () => {
      const { sim, client } = await setup({ timeoutMs: 100, maxRetries: 1 });
      sim.setFaults({ get: { stallRate: 1 } });
      const error = (await rejection(client.get('01ANY'))) as SinchTimeoutError;
      expect(error).toBeInstanceOf(SinchTimeoutError);
      expect(error.timeoutMs).toBe(100);
      expect(sim.requests()).toHaveLength(2);
    });

    it('recovers when a stalled attempt is followed by a good one', async () => {
      const { sim, client } = await setup({ timeoutMs: 500, maxRetries: 2 });
      const { inbound } = await sim.send({ body: 'x' });
      sim.setFaults({ get: { stallRate: 1, maxFaults: 1 } });
      expect((await client.get(inbound.id)).id).toBe(inbound.id);
    });
  });

  describe('abort', () => {
    it('rejects at once, without a request, when the signal is already aborted', async () => {
      const { sim, client } = await setup();
      const controller = new AbortController();
      controller.abort(new Error('not needed'));
      expect(await rejection(client.list({ signal: controller.signal }))).toBe(controller.signal.reason);
      expect(await rejection(client.get('x', { signal: controller.signal }))).toBe(controller.signal.reason);
      expect(await rejection(collect(client.iterate({ signal: controller.signal })))).toBe(controller.signal.reason);
      expect(sim.requests()).toHaveLength(0);
    });

    it('stops a backoff wait at once', async () => {
      const { sim, client } = await setup({ maxRetries: 5, retry: { baseDelayMs: 1, maxDelayMs: 600_000 } });
      sim.setFaults({ list: { rateLimitRate: 1, retryAfterSeconds: 600 } });
      const controller = new AbortController();
      const pending = rejection(client.list({ signal: controller.signal }));
      await until(() => sim.requests().length === 1 && sim.requests()[0]!.status === 429);
      controller.abort();
      const error = (await pending) as Error;
      expect(error.name).toBe('AbortError');
      expect(sim.requests()).toHaveLength(1);
    });

    it('stops a request in flight', async () => {
      const { sim, client } = await setup({ timeoutMs: 600_000 });
      sim.setFaults({ list: { stallRate: 1 } });
      const controller = new AbortController();
      const pending = rejection(client.list({ signal: controller.signal }));
      await until(() => sim.requests().length === 1);
      controller.abort(new Error('user gave up'));
      expect(((await pending) as Error).message).toBe('user gave up');
    });

    it('stops an iteration between pages, prefetch included', async () => {
      const { sim, client } = await setup();
      sim.seed(50);
      const controller = new AbortController();
      const seen: (string | undefined)[] = [];
      const error = await rejection(
        (async () => {
          for await (const msg of client.iterate({ pageSize: 10, signal: controller.signal })) {
            seen.push(msg.id);
            if (seen.length === 15) controller.abort();
          }
        })(),
      );
      expect((error as Error).name).toBe('AbortError');
      expect(seen).toHaveLength(15);
    });
  });
});
