import { describe, expect, it } from 'vitest';
import { createWebhookReceiver } from '../../src/index.js';
import { moText, NOW, SECRET, signed, silentLogger } from './fixtures.js';

describe("the receiver's now option", () => {
  it('drives the default dedupe store: a key expires after dedupeTtlMs of receiver time', async () => {
    let now = NOW;
    const r = createWebhookReceiver({ secret: SECRET, dedupeTtlMs: 60_000, logger: silentLogger, now: () => now });
    let handled = 0;
    r.on('mo_text', () => void handled++);
    const body = moText('01CLOCK0000000000000000000');
    const post = () => r.handle({ method: 'POST', headers: signed(body, { timestamp: Math.floor(now / 1000) }), body });

    expect(JSON.parse((await post()).body)).toEqual({ status: 'accepted' });
    now += 30_000;
    expect(JSON.parse((await post()).body)).toEqual({ status: 'duplicate' });
    // Past the TTL on the receiver's clock (not the wall clock): handled again.
    now += 31_000;
    expect(JSON.parse((await post()).body)).toEqual({ status: 'accepted' });
    expect(handled).toBe(2);
  });

  it('drives the default nonce cache: a nonce is remembered for the window of receiver time', async () => {
    let now = NOW;
    const r = createWebhookReceiver({ secret: SECRET, toleranceSeconds: 60, logger: silentLogger, now: () => now, dedupe: false });
    r.on('mo_text', () => {});
    const body = moText('01CLOCK0000000000000000001');
    const headers = signed(body, { nonce: 'same-nonce', timestamp: Math.floor(NOW / 1000) });
    expect((await r.handle({ method: 'POST', headers, body })).status).toBe(200);
    now += 30_000;
    expect((await r.handle({ method: 'POST', headers, body })).status).toBe(401);
  });
});
