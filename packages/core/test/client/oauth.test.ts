import { afterEach, describe, expect, it } from 'vitest';
import { startSinchSimulator, type SimulatorOptions, type SinchSimulator } from '@sinch-inbounds/testing';
import { InboundsClient, SinchApiError, type InboundsClientSettings } from '@sinch-inbounds/core';
import { collect, errorText, recordingLogger, rejection, until } from './support.js';

let sim: SinchSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(
  options: SimulatorOptions = {},
  settings: InboundsClientSettings = {},
  keySecret?: string,
): Promise<{ sim: SinchSimulator; client: InboundsClient; logger: ReturnType<typeof recordingLogger> }> {
  sim = await startSinchSimulator({ seed: 3, ...options });
  const logger = recordingLogger();
  const client = new InboundsClient({
    projectId: sim.projectId,
    keyId: sim.keyId,
    keySecret: keySecret ?? sim.keySecret,
    region: 'eu',
    baseUrl: sim.url,
    authUrl: sim.authUrl,
    logger,
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    ...settings,
  });
  return { sim, client, logger };
}

const byRoute = (s: SinchSimulator, route: string): number => s.requests().filter((r) => r.route === route).length;

describe('OAuth2 project credentials', () => {
  it('gets a token with HTTP Basic, then lists under the project id with it', async () => {
    const { sim, client } = await setup();
    sim.seed(3);
    expect((await client.list()).count).toBe(3);
    const [token, list] = sim.requests();
    expect(token!.route).toBe('token');
    expect(token!.method).toBe('POST');
    expect(token!.headers.authorization).toBe(`Basic ${Buffer.from(`${sim.keyId}:${sim.keySecret}`).toString('base64')}`);
    expect(list!.path).toBe(`/xms/v1/${sim.projectId}/inbounds`);
    expect(list!.headers.authorization).toMatch(/^Bearer \S+$/);
  });

  it('caches the token across calls', async () => {
    const { sim, client } = await setup();
    sim.seed(5);
    await client.list();
    await client.list({ pageSize: 1 });
    await collect(client.iterate({ pageSize: 2 }));
    expect(byRoute(sim, 'token')).toBe(1);
  });

  it('shares one token fetch among concurrent calls', async () => {
    const { sim, client } = await setup({ faults: { token: { latencyMs: 50 } } });
    sim.seed(5);
    const pages = await Promise.all(Array.from({ length: 8 }, () => client.list()));
    expect(pages.every((p) => p.count === 5)).toBe(true);
    expect(byRoute(sim, 'token')).toBe(1);
    expect(new Set(sim.requests().filter((r) => r.route === 'list').map((r) => r.headers.authorization)).size).toBe(1);
  });

  it('renews the token and retries once on a 401 for an expired token', async () => {
    const { sim, client, logger } = await setup();
    sim.seed(2);
    await client.list();
    sim.expireTokens();
    expect((await client.list()).count).toBe(2);
    const lists = sim.requests().filter((r) => r.route === 'list');
    expect(lists.map((r) => r.status)).toEqual([200, 401, 200]);
    expect(byRoute(sim, 'token')).toBe(2);
    expect(logger.text()).not.toContain(sim.keySecret);
  });

  it('renews only once: a second 401 for an expired token is an error', async () => {
    // A simulator clock that jumps 10 s at every read: each token is expired by its first use.
    let clock = Date.now();
    const { sim, client } = await setup({ tokenLifetimeSeconds: 1, now: () => (clock += 10_000) });
    const error = (await rejection(client.list())) as SinchApiError;
    expect(error).toBeInstanceOf(SinchApiError);
    expect(error.status).toBe(401);
    expect(error.headers['www-authenticate']).toMatch(/expired/i);
    expect(byRoute(sim, 'list')).toBe(2);
    expect(byRoute(sim, 'token')).toBe(2);
  });

  it('renews before expiry without waiting for a 401', async () => {
    const { sim, client } = await setup({ tokenLifetimeSeconds: 1 });
    sim.seed(1);
    await client.list();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await client.list();
    expect(sim.requests().filter((r) => r.route === 'list').map((r) => r.status)).toEqual([200, 200]);
    expect(byRoute(sim, 'token')).toBe(2);
  });

  it('retries the token endpoint on 5xx', async () => {
    const { sim, client } = await setup({ faults: { token: { errorRate: 1, maxFaults: 2 } } });
    sim.seed(1);
    expect((await client.list()).count).toBe(1);
    expect(byRoute(sim, 'token')).toBe(3);
  });

  it('fails with a 401 SinchApiError on a wrong key secret, without leaking it', async () => {
    const { sim, client, logger } = await setup({}, {}, 'WRONG-secret-987');
    const error = (await rejection(client.list())) as SinchApiError;
    expect(error).toBeInstanceOf(SinchApiError);
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_client');
    expect(byRoute(sim, 'token')).toBe(1);
    expect(byRoute(sim, 'list')).toBe(0);
    for (const text of [errorText(error), logger.text()]) {
      expect(text).not.toContain('WRONG-secret-987');
      expect(text).not.toContain(Buffer.from(`${sim.keyId}:WRONG-secret-987`).toString('base64'));
    }
  });

  it('lets one caller abort its wait for a shared refresh without failing the others', async () => {
    const { sim, client } = await setup({ faults: { token: { latencyMs: 150 } } });
    sim.seed(2);
    const controller = new AbortController();
    const aborted = rejection(client.list({ signal: controller.signal }));
    const other = client.list();
    await until(() => byRoute(sim, 'token') === 1);
    controller.abort();
    expect(((await aborted) as Error).name).toBe('AbortError');
    expect((await other).count).toBe(2);
    expect(byRoute(sim, 'token')).toBe(1);
  });
});
