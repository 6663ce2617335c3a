import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, isJsonContentType } from '../../src/index.js';
import { NOW, SECRET, signed, silentLogger } from './fixtures.js';

const OK_STATUSES = new Set([200, 400, 401, 405, 413, 415, 500]);

describe('receiver properties', () => {
  it('handle() never throws and only answers contract statuses, whatever the request', async () => {
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW, maxBodyBytes: 256 });
    r.on('error', () => {});
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'GET', 'post', 'PUT', ''),
        fc.dictionary(fc.string({ maxLength: 40 }), fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 2 }))),
        fc.oneof(fc.string(), fc.uint8Array({ maxLength: 400 }), fc.json()),
        async (method, headers, body) => {
          const res = await r.handle({ method, headers, body });
          expect(OK_STATUSES.has(res.status)).toBe(true);
          expect(() => JSON.parse(res.body)).not.toThrow();
        },
      ),
    );
  });

  it('a correctly signed JSON object is never refused as unauthenticated; any altered byte is', async () => {
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW, dedupe: false });
    r.on('error', () => {});
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue()), fc.nat(), async (obj, at) => {
        const body = Buffer.from(JSON.stringify(obj));
        const nonce = `N${n++}`;
        const headers = signed(body, { nonce });
        const res = await r.handle({ method: 'POST', headers, body });
        // Signed: accepted (known or unknown type) or kept via 'error' with a 500; never 4xx.
        expect([200, 500]).toContain(res.status);
        const altered = Buffer.from(body);
        const i = at % altered.length;
        altered[i] = (altered[i] as number) ^ 0x01;
        const tampered = await r.handle({ method: 'POST', headers: signed(body, { nonce: `T${n++}` }), body: altered });
        expect(tampered.status).toBe(401);
      }),
    );
  });

  it('isJsonContentType: application/json with any parameters and case is JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom('application/json', 'APPLICATION/JSON', 'Application/Json'), fc.string(), (essence, params) => {
        expect(isJsonContentType(`${essence}; ${params}`)).toBe(true);
        expect(isJsonContentType(` ${essence} `)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const essence = s.split(';')[0]?.trim().toLowerCase() ?? '';
        const expected = essence === 'application/json' || (/^application\/.+\+json$/.test(essence));
        expect(isJsonContentType(s)).toBe(expected);
      }),
    );
    expect(isJsonContentType(undefined)).toBe(false);
  });
});
