import { afterEach, describe, expect, test } from 'vitest';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';

let sim: SinchSimulator | undefined;
afterEach(async () => sim?.close());

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function fetchToken(s: SinchSimulator, auth = basic(s.keyId, s.keySecret), body = 'grant_type=client_credentials'): Promise<Response> {
  return fetch(s.authUrl, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

describe('bearer API token on /xms/v1/{servicePlanId}', () => {
  test('accepts the configured token and refuses a missing or wrong one with 401 {code, text}', async () => {
    sim = await startSinchSimulator({ servicePlanId: 'plan1', apiToken: 'secret-token' });
    const url = `${sim.url}/xms/v1/plan1/inbounds`;
    expect((await fetch(url, { headers: { authorization: 'Bearer secret-token' } })).status).toBe(200);
    const missing = await fetch(url);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'unauthorized' });
    const wrong = await fetch(url, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const wrongPlan = await fetch(`${sim.url}/xms/v1/other-plan/inbounds`, { headers: { authorization: 'Bearer secret-token' } });
    expect(wrongPlan.status).toBe(401);
    const getOne = await fetch(`${url}/x`, { headers: { authorization: 'Basic secret-token' } });
    expect(getOne.status).toBe(401);
  });

  test('generates credentials when none are given', async () => {
    sim = await startSinchSimulator();
    expect(sim.servicePlanId).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.apiToken.length).toBeGreaterThanOrEqual(32);
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.authUrl).toBe(`${sim.url}/oauth2/token`);
  });
});

describe('OAuth2 on /xms/v1/{projectId}', () => {
  test('issues a bearer token for client credentials in HTTP Basic, usable on the project path only', async () => {
    sim = await startSinchSimulator({ projectId: 'proj-1', keyId: 'key-id', keySecret: 'key-secret' });
    const res = await fetchToken(sim);
    expect(res.status).toBe(200);
    const token = (await res.json()) as { access_token: string; expires_in: number; token_type: string; scope: string };
    expect(token).toMatchObject({ expires_in: 3600, token_type: 'bearer' });
    expect(typeof token.scope).toBe('string');
    const auth = { authorization: `Bearer ${token.access_token}` };
    expect((await fetch(`${sim.url}/xms/v1/proj-1/inbounds`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds`, { headers: auth })).status).toBe(401);
    // The plan's API token is not an OAuth2 token.
    const planToken = await fetch(`${sim.url}/xms/v1/proj-1/inbounds`, { headers: { authorization: `Bearer ${sim.apiToken}` } });
    expect(planToken.status).toBe(401);
  });

  test('refuses a token once its lifetime has passed, saying it expired', async () => {
    let now = Date.UTC(2025, 0, 1);
    sim = await startSinchSimulator({ tokenLifetimeSeconds: 60, now: () => now });
    const { access_token } = (await (await fetchToken(sim)).json()) as { access_token: string };
    const get = (): Promise<Response> =>
      fetch(`${sim!.url}/xms/v1/${sim!.projectId}/inbounds`, { headers: { authorization: `Bearer ${access_token}` } });
    now += 59_999;
    expect((await get()).status).toBe(200);
    now += 1;
    const expired = await get();
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="token expired"');
    expect(((await expired.json()) as { text: string }).text).toMatch(/expired/);
  });

  test('expireTokens() expires every issued token at once; a new one works', async () => {
    sim = await startSinchSimulator();
    const first = ((await (await fetchToken(sim)).json()) as { access_token: string }).access_token;
    sim.expireTokens();
    const res = await fetch(`${sim.url}/xms/v1/${sim.projectId}/inbounds`, { headers: { authorization: `Bearer ${first}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('expired');
    const second = ((await (await fetchToken(sim)).json()) as { access_token: string }).access_token;
    expect(second).not.toBe(first);
    expect((await fetch(`${sim.url}/xms/v1/${sim.projectId}/inbounds`, { headers: { authorization: `Bearer ${second}` } })).status).toBe(200);
  });

  test('an unknown token is 401 without saying expired', async () => {
    sim = await startSinchSimulator();
    const res = await fetch(`${sim.url}/xms/v1/${sim.projectId}/inbounds`, { headers: { authorization: 'Bearer made-up' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).not.toContain('expired');
  });

  test('the token endpoint refuses wrong credentials, a wrong grant, and other methods', async () => {
    sim = await startSinchSimulator({ keyId: 'k', keySecret: 's' });
    const wrong = await fetchToken(sim, basic('k', 'nope'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect((await fetchToken(sim, '')).status).toBe(401);
    const grant = await fetchToken(sim, basic('k', 's'), 'grant_type=password');
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await fetchToken(sim, basic('k', 's'), '')).status).toBe(400);
    expect((await fetch(sim.authUrl)).status).toBe(405);
    // OAuth2 also allows the credentials in the form body.
    const inForm = await fetch(sim.authUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=k&client_secret=s',
    });
    expect(inForm.status).toBe(200);
  });
});

describe('options', () => {
  test('a busy port is a clear EADDRINUSE error', async () => {
    sim = await startSinchSimulator();
    const port = Number(new URL(sim.url).port);
    await expect(startSinchSimulator({ port })).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining(`port ${port}`) });
  });

  test('invalid options are refused with typed errors', async () => {
    await expect(startSinchSimulator({ webhook: { url: 'not a url' } })).rejects.toThrow(TypeError);
    await expect(startSinchSimulator({ webhook: { url: 'ftp://x/y' } })).rejects.toThrow(/http/);
    await expect(startSinchSimulator({ port: 70000 })).rejects.toThrow(RangeError);
    await expect(startSinchSimulator({ timeScale: -1 })).rejects.toThrow(RangeError);
    await expect(startSinchSimulator({ maxDeliveryAttempts: 0 })).rejects.toThrow(RangeError);
    await expect(startSinchSimulator({ faults: { list: { errorRate: 2 } } })).rejects.toThrow(RangeError);
  });

  test('calls after close() are refused, and close() is idempotent', async () => {
    sim = await startSinchSimulator();
    await sim.close();
    await sim.close();
    await expect(sim.send()).rejects.toThrow(/after close/);
  });
});
