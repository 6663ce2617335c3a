// The web build's platform pieces (platform/*.web.ts, signature/*.web.ts) against the
// Node ones they replace: same exports, same answers for any input. The real runtimes
// run the web build end to end in packages/core-runtimes-test.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { platformBytes as nodeBytes } from '../../src/platform/bytes.js';
import { platformBytes as webBytes } from '../../src/platform/bytes.web.js';
import { platformCrypto as nodeCrypto } from '../../src/platform/crypto.js';
import { platformCrypto as webCrypto } from '../../src/platform/crypto.web.js';
import * as nodeSign from '../../src/signature/sign.js';
import * as webSign from '../../src/signature/sign.web.js';
import * as nodeVerify from '../../src/signature/verify.js';
import * as webVerify from '../../src/signature/verify.web.js';

const src = fileURLToPath(new URL('../../src', import.meta.url));

function webModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return webModules(full);
    return entry.name.endsWith('.web.ts') ? [full] : [];
  });
}

const bytes = fc.uint8Array({ maxLength: 300 });
const text = fc.string({ unit: 'binary', maxLength: 200 });
const base64ish = fc.stringMatching(/^[A-Za-z0-9+/=_\-. ]{0,60}$/);

describe('web modules', () => {
  it('each X.web.ts exports exactly the names of the X.ts it replaces', async () => {
    const found = webModules(src);
    expect(found.length).toBeGreaterThanOrEqual(5);
    for (const web of found) {
      const node = web.replace(/\.web\.ts$/, '.ts');
      expect(Object.keys(await import(web)).sort(), path.relative(src, web)).toEqual(Object.keys(await import(node)).sort());
    }
  });
});

describe('web bytes answer as Node bytes do', () => {
  it('decodeUtf8: the same text, or undefined for the same invalid inputs', () => {
    fc.assert(fc.property(fc.oneof(bytes, text.map((t) => nodeBytes.encodeUtf8(t))), (input) => {
      expect(webBytes.decodeUtf8(input)).toBe(nodeBytes.decodeUtf8(input));
    }));
    // Overlong, surrogate and truncated sequences are refused by both.
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff]]) {
      expect(webBytes.decodeUtf8(new Uint8Array(bad))).toBeUndefined();
      expect(nodeBytes.decodeUtf8(new Uint8Array(bad))).toBeUndefined();
    }
    // A byte-order mark is kept for the parser to strip, as on Node.
    expect(webBytes.decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('\ufeff{}');
  });

  it('encodeUtf8, base64FromText and textFromBase64 give the same results', () => {
    fc.assert(fc.property(text, (t) => {
      expect([...webBytes.encodeUtf8(t)]).toEqual([...nodeBytes.encodeUtf8(t)]);
      expect(webBytes.base64FromText(t)).toBe(nodeBytes.base64FromText(t));
      expect(webBytes.textFromBase64(nodeBytes.base64FromText(t))).toBe(nodeBytes.textFromBase64(nodeBytes.base64FromText(t)));
    }));
    // Basic-auth headers are not always tidy Base64.
    fc.assert(fc.property(base64ish, (b) => {
      expect(webBytes.textFromBase64(b)).toBe(nodeBytes.textFromBase64(b));
    }));
  });

  it('concat joins the same bytes', () => {
    fc.assert(fc.property(fc.array(bytes, { maxLength: 5 }), (chunks) => {
      const size = chunks.reduce((n, c) => n + c.byteLength, 0);
      expect([...webBytes.concat(chunks, size)]).toEqual([...nodeBytes.concat(chunks, size)]);
    }));
  });
});

describe('web crypto answers as node:crypto does', () => {
  it('HMAC-SHA256 and SHA-256 agree for any secret, body and suffix', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), fc.oneof(text, bytes), text, async (secret, body, suffix) => {
      expect(await webCrypto.hmacSha256Base64(secret, body, suffix)).toBe(nodeCrypto.hmacSha256Base64(secret, body, suffix));
      expect([...(await webCrypto.sha256(suffix))]).toEqual([...nodeCrypto.sha256(suffix)]);
    }), { numRuns: 200 });
  });

  it('randomBytes gives as many bytes as asked, different each time', () => {
    for (const random of [webCrypto.randomBytes, nodeCrypto.randomBytes]) {
      expect(random(16)).toHaveLength(16);
      expect([...random(32)]).not.toEqual([...random(32)]);
    }
  });

  it('timingSafeEqual agrees, including on different lengths', () => {
    fc.assert(fc.property(bytes, bytes, fc.boolean(), (a, b, same) => {
      const other = same ? Uint8Array.from(a) : b;
      expect(webCrypto.timingSafeEqual(a, other)).toBe(nodeCrypto.timingSafeEqual(a, other));
    }));
  });
});

describe('web signatures', () => {
  const vector = {
    secret: 'SMSWebhooksSecret',
    nonce: '01JHFFHWYY7HSS4FWTMDTQEK8V',
    timestamp: '1736760161',
    body: '{"at":"2025-01-13T09:22:40.914Z","batch_id":"01JHFFHQ0P99JPPNQPJDV7JTBP","client_reference":"a client reference","code":0,"operator_status_at":"2025-01-13T09:22:00Z","recipient":"33662162466","status":"Delivered","type":"recipient_delivery_report_sms"}',
    signature: 'ZoHei66PPN/kZjw7hFVfGhJOnml3iGNCMWoyQVcE5o0=',
  };

  it('compute the SPEC §3 test vector', async () => {
    expect(await webSign.computeSignature(vector.secret, vector.body, vector.nonce, vector.timestamp)).toBe(vector.signature);
  });

  it('verifyWebhook gives the same verdict as on Node for any tampering, time and secrets', async () => {
    const signedAt = 1_736_760_161;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          secrets: fc.array(fc.constantFrom('s3cret', 'rotated', 'other'), { minLength: 1, maxLength: 3 }),
          signWith: fc.constantFrom('s3cret', 'wrong'),
          body: text,
          tamper: fc.constantFrom('none', 'body', 'signature', 'nonce', 'algorithm', 'drop'),
          skewSeconds: fc.integer({ min: -900, max: 900 }),
          tolerance: fc.constantFrom(0, 60, 300),
          asBytes: fc.boolean(),
        }),
        async ({ secrets, signWith, body, tamper, skewSeconds, tolerance, asBytes }) => {
          const headers: Record<string, string> = nodeSign.signWebhook({ secret: signWith, body, nonce: 'n0nce', timestamp: signedAt });
          let sent: string | Uint8Array = body;
          if (tamper === 'body') sent = `${body}!`;
          if (tamper === 'signature') headers['x-sinch-webhook-signature'] = `A${headers['x-sinch-webhook-signature']!.slice(1)}`;
          if (tamper === 'nonce') headers['x-sinch-webhook-signature-nonce'] = 'other';
          if (tamper === 'algorithm') headers['x-sinch-webhook-signature-algorithm'] = 'HmacSHA1';
          if (tamper === 'drop') delete headers['x-sinch-webhook-signature-timestamp'];
          if (asBytes) sent = nodeBytes.encodeUtf8(typeof sent === 'string' ? sent : '');
          const options = { secret: secrets, headers, body: sent, toleranceSeconds: tolerance, now: (signedAt + skewSeconds) * 1000 };
          expect(await webVerify.verifyWebhook(options)).toEqual(nodeVerify.verifyWebhook(options));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('signWebhook signs as on Node, and the web verifier accepts it once with a replay guard', async () => {
    const options = { secret: 'KayakingTheSwell', body: '{"type":"mo_text"}', nonce: 'abc', timestamp: 1_800_000_000 };
    expect(await webSign.signWebhook(options)).toEqual(nodeSign.signWebhook(options));
    const headers = await webSign.signWebhook(options);
    const seen = new Set<string>();
    // An async guard, which only the web verifier can await.
    const replayGuard = { remember: async (nonce: string) => (seen.has(nonce) ? false : (seen.add(nonce), true)) };
    const verify = () => webVerify.verifyWebhook({ ...options, headers, now: 1_800_000_000_000, replayGuard });
    expect(await verify()).toEqual({ ok: true, nonce: 'abc', timestamp: 1_800_000_000 });
    expect(await verify()).toEqual({ ok: false, reason: 'replayed' });
  });

  it('rejects a parsed body and a replay guard that answers no boolean with a TypeError', async () => {
    const headers = await webSign.signWebhook({ secret: 's', body: '{}', timestamp: 1 });
    await expect(webVerify.verifyWebhook({ secret: 's', headers, body: {} as unknown as string })).rejects.toThrow(TypeError);
    const replayGuard = { remember: () => 'yes' as unknown as boolean };
    await expect(webVerify.verifyWebhook({ secret: 's', headers, body: '{}', toleranceSeconds: 0, replayGuard })).rejects.toThrow(TypeError);
  });
});
