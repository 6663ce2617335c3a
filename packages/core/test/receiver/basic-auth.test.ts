import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver } from '../../src/index.js';
import { moText, NOW, SECRET, signed, silentLogger } from './fixtures.js';

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const json = { 'content-type': 'application/json' };

describe('basic auth', () => {
  it('accepts the configured credentials (any of a rotation) and refuses the rest with 401', async () => {
    const r = createWebhookReceiver({
      basicAuth: [
        { username: 'sinch', password: 'old' },
        { username: 'sinch', password: 'new' },
      ],
      logger: silentLogger,
    });
    const body = moText();
    const status = async (authorization?: string, b = body) =>
      (await r.handle({ method: 'POST', headers: authorization ? { ...json, authorization } : json, body: b })).status;
    expect(await status(basic('sinch', 'old'), moText('01A'))).toBe(200);
    expect(await status(basic('sinch', 'new'), moText('01B'))).toBe(200);
    expect(await status(basic('sinch', 'wrong'))).toBe(401);
    expect(await status(basic('other', 'new'))).toBe(401);
    expect(await status(undefined)).toBe(401);
    expect(await status('Bearer abc')).toBe(401);
    expect(await status('Basic !!!')).toBe(401);
    expect(await status(`basic   ${Buffer.from('sinch:new').toString('base64')}`, moText('01C'))).toBe(200);
  });

  it('with a secret too, both checks must pass', async () => {
    const r = createWebhookReceiver({ secret: SECRET, basicAuth: { username: 'u', password: 'p' }, logger: silentLogger, now: () => NOW });
    const body = moText();
    expect((await r.handle({ method: 'POST', headers: signed(body), body })).status).toBe(401);
    expect((await r.handle({ method: 'POST', headers: { ...json, authorization: basic('u', 'p') }, body })).status).toBe(401);
    const both = { ...signed(body), authorization: basic('u', 'p') };
    expect((await r.handle({ method: 'POST', headers: both, body })).status).toBe(200);
  });

  it('property: only the exact configured pair passes', async () => {
    const r = createWebhookReceiver({ basicAuth: { username: 'sinch', password: 's3cr3t' }, logger: silentLogger, dedupe: false });
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (user, pass) => {
        fc.pre(!user.includes(':'));
        const res = await r.handle({ method: 'POST', headers: { ...json, authorization: basic(user, pass) }, body: moText() });
        expect(res.status).toBe(user === 'sinch' && pass === 's3cr3t' ? 200 : 401);
      }),
    );
  });
});
