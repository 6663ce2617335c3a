import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSignature, NonceCache, SIGNATURE_HEADERS, signWebhook, verifyWebhook } from '@sinch-inbounds/core';

// SPEC §3 test vector, from the official SDK's tests.
const vector = {
  secret: 'SMSWebhooksSecret',
  nonce: '01JHFFHWYY7HSS4FWTMDTQEK8V',
  timestamp: 1736760161,
  body: '{"at":"2025-01-13T09:22:40.914Z","batch_id":"01JHFFHQ0P99JPPNQPJDV7JTBP","client_reference":"a client reference","code":0,"operator_status_at":"2025-01-13T09:22:00Z","recipient":"33662162466","status":"Delivered","type":"recipient_delivery_report_sms"}',
  signature: 'ZoHei66PPN/kZjw7hFVfGhJOnml3iGNCMWoyQVcE5o0=',
};
const vectorNow = vector.timestamp * 1000;
const vectorHeaders = {
  'x-sinch-webhook-signature': vector.signature,
  'x-sinch-webhook-signature-nonce': vector.nonce,
  'x-sinch-webhook-signature-timestamp': String(vector.timestamp),
  'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
};

describe('signWebhook', () => {
  it('reproduces the SPEC §3 test vector byte for byte', () => {
    expect(signWebhook({ secret: vector.secret, body: vector.body, nonce: vector.nonce, timestamp: vector.timestamp })).toEqual(vectorHeaders);
  });

  it('signs bytes exactly as the same string', () => {
    const fromBytes = signWebhook({ secret: vector.secret, body: Buffer.from(vector.body), nonce: vector.nonce, timestamp: vector.timestamp });
    expect(fromBytes[SIGNATURE_HEADERS.signature]).toBe(vector.signature);
  });

  it('fills in a fresh nonce and the current time', () => {
    const a = signWebhook({ secret: 's', body: '{}' });
    const b = signWebhook({ secret: 's', body: '{}' });
    expect(a[SIGNATURE_HEADERS.nonce]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a[SIGNATURE_HEADERS.nonce]).not.toBe(b[SIGNATURE_HEADERS.nonce]);
    expect(Math.abs(Number(a[SIGNATURE_HEADERS.timestamp]) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('accepts a Date timestamp', () => {
    expect(signWebhook({ secret: 's', body: '{}', timestamp: new Date(vectorNow) })[SIGNATURE_HEADERS.timestamp]).toBe(String(vector.timestamp));
  });
});

describe('verifyWebhook', () => {
  const base = { secret: vector.secret, body: vector.body, headers: vectorHeaders, now: vectorNow };

  it('accepts the SPEC §3 vector as a string, a Buffer and a Uint8Array', () => {
    expect(verifyWebhook(base)).toStrictEqual({ ok: true, nonce: vector.nonce, timestamp: vector.timestamp });
    expect(verifyWebhook({ ...base, body: Buffer.from(vector.body) }).ok).toBe(true);
    expect(verifyWebhook({ ...base, body: new TextEncoder().encode(vector.body) }).ok).toBe(true);
  });

  it('reads headers in any letter case, as arrays, or from a Headers instance', () => {
    const upper = Object.fromEntries(Object.entries(vectorHeaders).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook({ ...base, headers: upper }).ok).toBe(true);
    const arrays = Object.fromEntries(Object.entries(vectorHeaders).map(([k, v]) => [k, [v]]));
    expect(verifyWebhook({ ...base, headers: arrays }).ok).toBe(true);
    expect(verifyWebhook({ ...base, headers: new Headers(vectorHeaders) }).ok).toBe(true);
  });

  it('refuses a parsed body with a TypeError that explains how to get the raw one', () => {
    expect(() => verifyWebhook({ ...base, body: JSON.parse(vector.body) })).toThrow(TypeError);
    expect(() => verifyWebhook({ ...base, body: JSON.parse(vector.body) })).toThrow(/raw request body.*express\.raw.*rawBody: true/s);
  });

  it('refuses an empty secret list', () => {
    expect(() => verifyWebhook({ ...base, secret: [] })).toThrow(TypeError);
    expect(() => verifyWebhook({ ...base, secret: '' })).toThrow(TypeError);
  });

  it.each(Object.values(SIGNATURE_HEADERS).filter((h) => h !== SIGNATURE_HEADERS.algorithm))('reports missing_headers without %s', (name) => {
    const headers: Record<string, string> = { ...vectorHeaders };
    delete headers[name];
    expect(verifyWebhook({ ...base, headers })).toEqual({ ok: false, reason: 'missing_headers' });
  });

  it('assumes HmacSHA256 when the algorithm header is absent, and refuses any other algorithm', () => {
    const { 'x-sinch-webhook-signature-algorithm': _a, ...noAlgorithm } = vectorHeaders;
    expect(verifyWebhook({ ...base, headers: noAlgorithm }).ok).toBe(true);
    expect(verifyWebhook({ ...base, headers: { ...vectorHeaders, 'x-sinch-webhook-signature-algorithm': 'HmacSHA1' } })).toEqual({ ok: false, reason: 'unsupported_algorithm' });
  });

  it('refuses a wrong secret, body, nonce or timestamp', () => {
    expect(verifyWebhook({ ...base, secret: 'other' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook({ ...base, body: vector.body + ' ' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook({ ...base, headers: { ...vectorHeaders, 'x-sinch-webhook-signature-nonce': 'x' } }).ok).toBe(false);
    expect(verifyWebhook({ ...base, headers: { ...vectorHeaders, 'x-sinch-webhook-signature-timestamp': '1736760162' } }).ok).toBe(false);
  });

  it('refuses a correctly signed timestamp that is not 1 to 12 ASCII digits', () => {
    const signedWith = (timestamp: string) => ({
      ...vectorHeaders,
      'x-sinch-webhook-signature': computeSignature(vector.secret, vector.body, vector.nonce, timestamp),
      'x-sinch-webhook-signature-timestamp': timestamp,
    });
    for (const timestamp of ['1.736760161e9', ' 1736760161', '+1736760161', '1736760161\n', '0x6784DA61', '１７３６７６０１６１', '1736760161000', '-1']) {
      expect(verifyWebhook({ ...base, headers: signedWith(timestamp), toleranceSeconds: 0 })).toEqual({ ok: false, reason: 'bad_signature' });
    }
    expect(verifyWebhook({ ...base, headers: signedWith('01736760161') })).toEqual({ ok: true, nonce: vector.nonce, timestamp: vector.timestamp });
    expect(verifyWebhook({ ...base, headers: signedWith('0'), toleranceSeconds: 0 })).toEqual({ ok: true, nonce: vector.nonce, timestamp: 0 });
  });

  it('accepts any of several secrets (rotation)', () => {
    expect(verifyWebhook({ ...base, secret: ['new-secret', vector.secret] }).ok).toBe(true);
    expect(verifyWebhook({ ...base, secret: ['new-secret', 'older'] })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects timestamps outside the window as stale or future, and 0 disables the window', () => {
    expect(verifyWebhook({ ...base, now: vectorNow + 300_000 }).ok).toBe(true);
    expect(verifyWebhook({ ...base, now: vectorNow + 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhook({ ...base, now: vectorNow - 301_000 })).toEqual({ ok: false, reason: 'future' });
    expect(verifyWebhook({ ...base, now: vectorNow + 60_000, toleranceSeconds: 30 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhook({ ...base, now: Date.now(), toleranceSeconds: 0 }).ok).toBe(true);
    expect(verifyWebhook({ ...base, now: new Date(vectorNow) }).ok).toBe(true);
  });

  it('refuses a replayed nonce inside the window, and forgets it after', () => {
    const replayGuard = new NonceCache();
    expect(verifyWebhook({ ...base, replayGuard })).toStrictEqual({ ok: true, nonce: vector.nonce, timestamp: vector.timestamp });
    expect(verifyWebhook({ ...base, replayGuard })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyWebhook({ ...base, replayGuard, now: vectorNow + 299_000 })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('does not remember nonces of requests that fail verification', () => {
    const replayGuard = new NonceCache();
    expect(verifyWebhook({ ...base, secret: 'wrong', replayGuard }).ok).toBe(false);
    expect(replayGuard.size).toBe(0);
    expect(verifyWebhook({ ...base, replayGuard }).ok).toBe(true);
  });

  it('bounds nonce memory', () => {
    const cache = new NonceCache({ maxEntries: 3 });
    for (const n of ['a', 'b', 'c', 'd']) expect(cache.remember(n, 10_000, 0)).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.remember('d', 10_000, 1)).toBe(false);
    expect(cache.remember('a', 10_000, 1)).toBe(true); // evicted, so no longer known
    expect(cache.remember('b', 10_000, 20_000)).toBe(true); // expired
  });
});

describe('signatures: properties', () => {
  const text = fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' });
  const bodyArb = fc.oneof(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.uint8Array({ maxLength: 300 }));
  const nonceArb = fc.stringMatching(/^[0-9A-Z]{1,32}$/);
  const timestampArb = fc.integer({ min: 0, max: 4_000_000_000 });

  it('sign-then-verify always holds', () => {
    fc.assert(
      fc.property(text, bodyArb, nonceArb, timestampArb, (secret, body, nonce, timestamp) => {
        const headers = signWebhook({ secret, body, nonce, timestamp });
        expect(verifyWebhook({ secret, body, headers, now: timestamp * 1000 }).ok).toBe(true);
      }),
    );
  });

  it('any single-byte change to body, nonce, timestamp or signature fails', () => {
    fc.assert(
      fc.property(
        text,
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        nonceArb,
        timestampArb,
        fc.constantFrom('body', 'nonce', 'timestamp', 'signature'),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (secret, body, nonce, timestamp, part, position, delta) => {
          const headers = signWebhook({ secret, body, nonce, timestamp });
          const flip = (bytes: Uint8Array): Uint8Array => {
            const copy = Uint8Array.from(bytes);
            const i = position % copy.length;
            copy[i] = (copy[i]! + delta) % 256;
            return copy;
          };
          const flipText = (s: string): string => Buffer.from(flip(Buffer.from(s, 'latin1'))).toString('latin1');
          let tamperedBody: Uint8Array = body;
          const tampered = { ...headers };
          if (part === 'body') tamperedBody = flip(body);
          if (part === 'nonce') tampered[SIGNATURE_HEADERS.nonce] = flipText(nonce);
          if (part === 'timestamp') tampered[SIGNATURE_HEADERS.timestamp] = flipText(String(timestamp));
          if (part === 'signature') tampered[SIGNATURE_HEADERS.signature] = flipText(headers[SIGNATURE_HEADERS.signature]!);
          const result = verifyWebhook({ secret, body: tamperedBody, headers: tampered, toleranceSeconds: 0 });
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
