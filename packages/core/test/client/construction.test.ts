import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InboundsClient, SinchConfigError, type InboundsClientOptions } from '@sinch-inbounds/core';

const TOKEN = 'api-token-SECRET-1234';
const KEY_SECRET = 'key-secret-SECRET-5678';

function configError(options: unknown): SinchConfigError {
  try {
    new InboundsClient(options as InboundsClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(SinchConfigError);
    const e = error as SinchConfigError;
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).not.toContain(KEY_SECRET);
    return e;
  }
  throw new Error('expected the constructor to throw');
}

describe('new InboundsClient', () => {
  it('accepts service plan credentials in every region, and project keys in us and eu', () => {
    for (const region of ['us', 'eu', 'au', 'br', 'ca'] as const) {
      expect(new InboundsClient({ servicePlanId: 'plan', apiToken: TOKEN, region }).region).toBe(region);
    }
    expect(new InboundsClient({ servicePlanId: 'plan', apiToken: TOKEN }).region).toBe('us');
    expect(new InboundsClient({ projectId: 'p', keyId: 'k', keySecret: KEY_SECRET, region: 'eu' }).region).toBe('eu');
  });

  it('names what is missing', () => {
    expect(configError({}).message).toMatch(/missing credentials.*servicePlanId, apiToken.*projectId, keyId, keySecret/);
    expect(configError({ servicePlanId: 'plan' }).option).toBe('apiToken');
    expect(configError({ apiToken: TOKEN }).option).toBe('servicePlanId');
    expect(configError({ projectId: 'p', keySecret: KEY_SECRET }).message).toContain('keyId is missing (set SINCH_KEY_ID)');
    expect(configError({ keyId: 'k' }).option).toBe('projectId, keySecret');
    expect(configError({ servicePlanId: 'plan', apiToken: '' }).message).toContain('apiToken is missing (set SINCH_API_TOKEN)');
    expect(configError({ servicePlanId: 'plan', apiToken: 42 }).message).toContain('apiToken must be non-empty strings');
    expect(configError({ servicePlanId: 'plan\ud800', apiToken: TOKEN }).option).toBe('servicePlanId');
    expect(configError(undefined).option).toBe('options');
  });

  it('takes environment variables as they are, and names the one that is unset or empty', () => {
    const env: Record<string, string | undefined> = { SINCH_API_TOKEN: TOKEN, SINCH_KEY_ID: 'k' };
    // Type-checks as written in the READMEs: process.env values are string | undefined.
    const plan = (): InboundsClient => new InboundsClient({ servicePlanId: env.SINCH_SERVICE_PLAN_ID, apiToken: env.SINCH_API_TOKEN, region: 'eu' });
    for (const unset of [undefined, '', '  ']) {
      env.SINCH_SERVICE_PLAN_ID = unset;
      const e = configError({ servicePlanId: env.SINCH_SERVICE_PLAN_ID, apiToken: env.SINCH_API_TOKEN, region: 'eu' });
      expect(e.option).toBe('servicePlanId');
      expect(e.message).toBe('servicePlanId is missing (set SINCH_SERVICE_PLAN_ID): service plan credentials need servicePlanId and apiToken');
      expect(plan).toThrow(e.message);
    }
    env.SINCH_SERVICE_PLAN_ID = 'plan';
    expect(plan().region).toBe('eu');

    const both = configError({ servicePlanId: undefined, apiToken: undefined });
    expect(both.option).toBe('servicePlanId, apiToken');
    expect(both.message).toBe(
      'servicePlanId is missing (set SINCH_SERVICE_PLAN_ID); apiToken is missing (set SINCH_API_TOKEN): service plan credentials need servicePlanId and apiToken',
    );
    expect(both.message).not.toContain('projectId');

    const oauth = configError({ projectId: env.SINCH_PROJECT_ID, keyId: env.SINCH_KEY_ID, keySecret: env.SINCH_KEY_SECRET, region: 'eu' });
    expect(oauth.option).toBe('projectId, keySecret');
    expect(oauth.message).toBe(
      'projectId is missing (set SINCH_PROJECT_ID); keySecret is missing (set SINCH_KEY_SECRET): project credentials need projectId, keyId and keySecret',
    );
    const options: InboundsClientOptions = { projectId: env.SINCH_PROJECT_ID, keyId: env.SINCH_KEY_ID, keySecret: env.SINCH_KEY_SECRET };
    expect(configError(options).option).toBe('projectId, keySecret');
  });

  it('says which variables to set when no credential is even named', () => {
    const e = configError({ region: 'eu' });
    expect(e.option).toBe('credentials');
    for (const name of ['SINCH_SERVICE_PLAN_ID', 'SINCH_API_TOKEN', 'SINCH_PROJECT_ID', 'SINCH_KEY_ID', 'SINCH_KEY_SECRET']) expect(e.message).toContain(name);
  });

  it('refuses contradictory credentials', () => {
    const e = configError({ servicePlanId: 'plan', apiToken: TOKEN, keyId: 'k', keySecret: KEY_SECRET });
    expect(e.message).toContain('contradictory');
    expect(e.message).toContain('servicePlanId, apiToken, keyId, keySecret');
  });

  it('refuses OAuth2 outside us and eu, and unknown regions', () => {
    for (const region of ['au', 'br', 'ca']) {
      const e = configError({ projectId: 'p', keyId: 'k', keySecret: KEY_SECRET, region });
      expect(e.option).toBe('region');
      expect(e.message).toContain('only in regions "us" and "eu"');
    }
    expect(configError({ servicePlanId: 'plan', apiToken: TOKEN, region: 'xx' }).option).toBe('region');
  });

  it('refuses a token, key id or key secret with a line break or other control character', () => {
    for (const bad of [`${TOKEN}\n`, `${TOKEN}\r\nX-Injected: 1`, `Bearer\r${TOKEN}`, `${TOKEN}\u0000`]) {
      const e = configError({ servicePlanId: 'plan', apiToken: bad });
      expect(e.option).toBe('apiToken');
      expect(e.message).toMatch(/line break/);
      expect(e.message).not.toContain(bad);
      expect(configError({ projectId: 'p', keyId: 'k', keySecret: bad.replace(TOKEN, KEY_SECRET) }).option).toBe('keySecret');
      expect(configError({ projectId: 'p', keyId: `k\n`, keySecret: KEY_SECRET }).option).toBe('keyId');
    }
    // A tab is legal in a header value, and so in a token.
    expect(new InboundsClient({ servicePlanId: 'plan', apiToken: `${TOKEN}\tx` }).region).toBe('us');
  });

  it('refuses invalid settings', () => {
    const base = { servicePlanId: 'plan', apiToken: TOKEN };
    expect(configError({ ...base, baseUrl: 'not a url' }).option).toBe('baseUrl');
    expect(configError({ ...base, baseUrl: 'ftp://x' }).option).toBe('baseUrl');
    expect(configError({ ...base, authUrl: 'http://x/?q=1' }).option).toBe('authUrl');
    expect(configError({ ...base, timeoutMs: 0 }).option).toBe('timeoutMs');
    expect(configError({ ...base, timeoutMs: 2 ** 40 }).option).toBe('timeoutMs');
    expect(configError({ ...base, maxRetries: -1 }).option).toBe('maxRetries');
    expect(configError({ ...base, maxRetries: 1.5 }).option).toBe('maxRetries');
    expect(configError({ ...base, retry: { baseDelayMs: Number.NaN } }).option).toBe('retry.baseDelayMs');
    expect(configError({ ...base, fetch: 'nope' }).option).toBe('fetch');
    expect(configError({ ...base, logger: {} }).option).toBe('logger');
    expect(configError({ ...base, prefetchPages: 9 }).option).toBe('prefetchPages');
    expect(configError({ ...base, prefetchPages: -1 }).option).toBe('prefetchPages');
  });

  it('shows no credential when logged or serialised', () => {
    for (const client of [
      new InboundsClient({ servicePlanId: 'plan', apiToken: TOKEN }),
      new InboundsClient({ projectId: 'p', keyId: 'k', keySecret: KEY_SECRET }),
    ]) {
      const shown = `${inspect(client, { showHidden: true, depth: 20 })} ${JSON.stringify(client)} ${String(client)}`;
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain(KEY_SECRET);
    }
  });
});
