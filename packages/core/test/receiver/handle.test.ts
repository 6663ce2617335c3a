import { describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  WebhookHandlerError,
  WebhookPayloadError,
  type MoText,
  type WebhookReceiverError,
  type WebhookReceiverOptions,
} from '../../src/index.js';
import { KEYLESS_CALLBACK, moText, NOW, recordingLogger, RECIPIENT_DR, SECRET, signed, silentLogger } from './fixtures.js';

function receiver(options: WebhookReceiverOptions = {}) {
  return createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW, ...options });
}

describe('handle(): the status contract', () => {
  it('405 for anything but POST, with Allow: POST, and without reading the body', async () => {
    const r = receiver();
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD']) {
      const res = await r.handle({ method, headers: signed(moText()), body: moText() });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('POST');
    }
  });

  it('a missing or non-string method is 405 and missing or non-object headers 415 — a status, never a TypeError', async () => {
    const r = receiver();
    const body = moText();
    type Loose = Parameters<typeof r.handle>[0];
    for (const method of [undefined, null, 1, { toUpperCase: () => 'POST' }]) {
      const res = await r.handle({ method, headers: signed(body), body } as unknown as Loose);
      expect(res.status).toBe(405);
    }
    for (const headers of [null, undefined, 'content-type: application/json', 42]) {
      const res = await r.handle({ method: 'POST', headers, body } as unknown as Loose);
      expect(res.status).toBe(415);
    }
    expect((await r.handle(null as unknown as Loose)).status).toBe(405);
    expect((await r.handle(undefined as unknown as Loose)).status).toBe(405);
  });

  it('accepts the method in any letter case', async () => {
    const res = await receiver().handle({ method: 'post', headers: signed(moText()), body: moText() });
    expect(res.status).toBe(200);
  });

  it('415 when the content type is missing or not JSON; charset and +json are accepted', async () => {
    const r = receiver();
    const body = moText();
    const base = signed(body);
    const { 'content-type': _omit, ...noType } = base;
    expect((await r.handle({ method: 'POST', headers: noType, body })).status).toBe(415);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'json']) {
      expect((await r.handle({ method: 'POST', headers: { ...base, 'content-type': type }, body })).status).toBe(415);
    }
    let n = 0;
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.sinch+json']) {
      const b = moText(`01ID${n++}`);
      expect((await r.handle({ method: 'POST', headers: { ...signed(b), 'content-type': type }, body: b })).status).toBe(200);
    }
  });

  it('413 over maxBodyBytes, by declared length or actual size', async () => {
    const r = receiver({ maxBodyBytes: 64 });
    const body = moText();
    expect((await r.handle({ method: 'POST', headers: signed(body), body })).status).toBe(413);
    const declared = await r.handle({ method: 'POST', headers: { ...signed('{}'), 'content-length': '65' }, body: '{}' });
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe('close');
  });

  it('401 for a missing, wrong, stale, future or replayed signature, naming no reason in the body', async () => {
    const logger = recordingLogger();
    const r = receiver({ logger });
    const body = moText();
    const cases: Record<string, Record<string, string>> = {
      missing_headers: { 'content-type': 'application/json' },
      bad_signature: signed(body, { secret: 'another secret' }),
      stale: signed(body, { timestamp: NOW / 1000 - 301 }),
      future: signed(body, { timestamp: NOW / 1000 + 301 }),
    };
    for (const [reason, headers] of Object.entries(cases)) {
      const res = await r.handle({ method: 'POST', headers, body });
      expect(res.status, reason).toBe(401);
      expect(res.body).toBe('{"error":"unauthorized"}');
      expect(logger.entries.at(-1)?.context).toMatchObject({ reason });
    }
    // A replay of a callback with a dedupe key is a dedupe question (see replayed-nonce.test.ts);
    // one without a key can only be refused.
    const once = signed(KEYLESS_CALLBACK, { nonce: 'NONCE-1' });
    expect((await r.handle({ method: 'POST', headers: once, body: KEYLESS_CALLBACK })).status).toBe(200);
    const replay = await r.handle({ method: 'POST', headers: once, body: KEYLESS_CALLBACK });
    expect(replay.status).toBe(401);
    expect(logger.entries.at(-1)?.context).toEqual({ reason: 'replayed' });
  });

  it('a request answered 500 can be sent again with the same signature: its nonce is not kept', async () => {
    const r = receiver();
    let fail = true;
    r.on('mo_text', () => {
      if (fail) throw new Error('database down');
    });
    r.on('error', () => {});
    const body = moText('01RETRY');
    const headers = signed(body, { nonce: 'NONCE-RETRY' });
    expect((await r.handle({ method: 'POST', headers, body })).status).toBe(500);
    fail = false;
    expect((await r.handle({ method: 'POST', headers, body })).status).toBe(200);
    // Once accepted, the same signed request is a duplicate of a handled message.
    expect((await r.handle({ method: 'POST', headers, body })).body).toBe('{"status":"duplicate"}');
  });

  it('accepts a signed callback without the algorithm header (HMAC-SHA256 is still checked), refuses another algorithm', async () => {
    const r = receiver();
    r.on('mo_text', () => {});
    const body = moText('01NOALG');
    const { 'x-sinch-webhook-signature-algorithm': _omit, ...noAlgorithm } = signed(body, { nonce: 'alg-1' });
    expect((await r.handle({ method: 'POST', headers: noAlgorithm, body })).status).toBe(200);
    const forged = { ...noAlgorithm, 'x-sinch-webhook-signature': 'AAAA' };
    expect((await r.handle({ method: 'POST', headers: { ...forged, 'x-sinch-webhook-signature-nonce': 'alg-2' }, body })).status).toBe(401);
    const sha1 = { ...signed(body, { nonce: 'alg-3' }), 'x-sinch-webhook-signature-algorithm': 'HmacSHA1' };
    expect((await r.handle({ method: 'POST', headers: sha1, body })).status).toBe(401);
  });

  it('401 when the body was altered after signing', async () => {
    const body = moText();
    const res = await receiver().handle({ method: 'POST', headers: signed(body), body: body.replace('Hello', 'Hallo') });
    expect(res.status).toBe(401);
  });

  it('accepts every secret of a rotation and nothing else', async () => {
    const r = receiver({ secret: ['old-secret', 'new-secret'] });
    const a = moText('01A');
    const b = moText('01B');
    expect((await r.handle({ method: 'POST', headers: signed(a, { secret: 'old-secret' }), body: a })).status).toBe(200);
    expect((await r.handle({ method: 'POST', headers: signed(b, { secret: 'new-secret' }), body: b })).status).toBe(200);
    expect((await r.handle({ method: 'POST', headers: signed(b, { secret: SECRET }), body: b })).status).toBe(401);
  });

  it('verifies the SDK test vector inside its tolerance window', async () => {
    const r = createWebhookReceiver({ secret: 'SMSWebhooksSecret', logger: silentLogger, now: () => 1_736_760_161_000 });
    const seen: string[] = [];
    r.on('recipient_delivery_report_sms', (dr) => void seen.push(dr.recipient));
    const res = await r.handle({
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Sinch-Webhook-Signature': 'ZoHei66PPN/kZjw7hFVfGhJOnml3iGNCMWoyQVcE5o0=',
        'X-Sinch-Webhook-Signature-Nonce': '01JHFFHWYY7HSS4FWTMDTQEK8V',
        'X-Sinch-Webhook-Signature-Timestamp': '1736760161',
        'X-Sinch-Webhook-Signature-Algorithm': 'HmacSHA256',
      },
      body: Buffer.from(RECIPIENT_DR),
    });
    expect(res.status).toBe(200);
    expect(seen).toEqual(['33662162466']);
  });

  it('200 with a typed message for the handlers, and a JSON body', async () => {
    const r = receiver();
    const got: MoText[] = [];
    r.on('mo_text', (msg) => void got.push(msg));
    const body = moText();
    const res = await r.handle({ method: 'POST', headers: signed(body), body });
    expect(res).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: '{"status":"accepted"}',
    });
    expect(got).toHaveLength(1);
    expect(got[0]?.body).toBe('Hello John! 👋');
    expect(got[0]?.received_at.toISOString()).toBe('2024-06-06T07:52:37.386Z');
  });

  it('200 for an unknown callback type, handed to "unknown" and "*" handlers', async () => {
    const r = receiver();
    const seen: string[] = [];
    r.on('unknown', (cb) => void seen.push(`unknown:${cb.type}`));
    r.on('*', (cb) => void seen.push(`*:${cb.type}`));
    r.on('inbound', () => void seen.push('inbound'));
    const body = '{"type":"mo_hologram","id":"X1"}';
    const res = await r.handle({ method: 'POST', headers: signed(body), body });
    expect(res.status).toBe(200);
    expect(seen).toEqual(['unknown:mo_hologram', '*:mo_hologram']);
  });

  it('authenticated but malformed JSON or an invalid payload: 500 and the raw bytes go to "error"', async () => {
    const r = receiver();
    const errors: WebhookReceiverError[] = [];
    r.on('error', (e) => void errors.push(e));
    const bad = ['{"type":"mo_text",', '[1,2]', '{"type":"mo_text","id":"x"}', '{"no_type":true}'];
    for (const body of bad) {
      const res = await r.handle({ method: 'POST', headers: signed(body), body });
      expect(res.status, body).toBe(500);
      expect(res.body).toBe('{"error":"internal_error"}');
    }
    expect(errors).toHaveLength(bad.length);
    errors.forEach((e, i) => {
      expect(e).toBeInstanceOf(WebhookPayloadError);
      if (e.kind !== 'payload') throw new Error('narrowing');
      expect(Buffer.from(e.rawBody).toString()).toBe(bad[i]);
      expect(e.cause.name).toBe('InboundParseError');
    });
  });

  it('without auth: 400 for malformed JSON or a non-callback, 500 + "error" for an invalid callback', async () => {
    const r = createWebhookReceiver({ dangerouslyAllowUnauthenticated: true, logger: silentLogger });
    const errors: WebhookReceiverError[] = [];
    r.on('error', (e) => void errors.push(e));
    const json = { 'content-type': 'application/json' };
    for (const body of ['{nope', '"text"', '[]', '{}', '{"type":""}', Buffer.from([0x7b, 0xff, 0x7d])]) {
      expect((await r.handle({ method: 'POST', headers: json, body })).status).toBe(400);
    }
    expect(errors).toHaveLength(0);
    expect((await r.handle({ method: 'POST', headers: json, body: '{"type":"mo_text"}' })).status).toBe(500);
    expect(errors.map((e) => e.kind)).toEqual(['payload']);
    expect((await r.handle({ method: 'POST', headers: json, body: moText() })).status).toBe(200);
  });

  it('with auth configured, an unauthenticated malformed body is 401, never 400', async () => {
    const res = await receiver().handle({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(res.status).toBe(401);
  });

  it('500 when a handler throws, every error reported as one AggregateError, nothing leaked', async () => {
    const r = receiver();
    const reported: WebhookReceiverError[] = [];
    const ran: string[] = [];
    r.on('mo_text', () => {
      ran.push('a');
      throw new Error('database password is hunter2');
    });
    r.on('inbound', async () => {
      ran.push('b');
      throw new Error('second');
    });
    r.on('*', () => void ran.push('c'));
    r.on('error', (e) => void reported.push(e));
    const body = moText();
    const res = await r.handle({ method: 'POST', headers: signed(body), body });
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('hunter2');
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(reported).toHaveLength(1);
    const err = reported[0];
    expect(err).toBeInstanceOf(WebhookHandlerError);
    expect(err).toBeInstanceOf(AggregateError);
    if (err?.kind !== 'handler') throw new Error('narrowing');
    expect(err.errors.map((e: Error) => e.message)).toEqual(['database password is hunter2', 'second']);
    expect(err.callback.type).toBe('mo_text');
  });

  it('a parsed object as body is answered 500 with a configuration error naming the fix', async () => {
    const r = receiver();
    const reported: WebhookReceiverError[] = [];
    r.on('error', (e) => void reported.push(e));
    const res = await r.handle({ method: 'POST', headers: signed('{}'), body: JSON.parse(moText()) as string });
    expect(res.status).toBe(500);
    expect(reported[0]?.kind).toBe('configuration');
    expect(reported[0]?.message).toMatch(/express\.raw|rawBody/);
  });

  it('never throws, even when an error handler throws; the logger gets it', async () => {
    const logger = recordingLogger();
    const r = receiver({ logger });
    r.on('mo_text', () => {
      throw new Error('boom');
    });
    r.on('error', () => {
      throw new Error('error handler broke too');
    });
    const body = moText();
    await expect(r.handle({ method: 'POST', headers: signed(body), body })).resolves.toMatchObject({ status: 500 });
    expect(logger.entries.some((l) => l.level === 'error' && l.message.includes("'error' handler threw"))).toBe(true);
  });

  it('logs failures with no "error" handler registered, instead of dropping them', async () => {
    const logger = recordingLogger();
    const r = receiver({ logger });
    r.on('mo_text', () => {
      throw new Error('boom');
    });
    const body = moText();
    await r.handle({ method: 'POST', headers: signed(body), body });
    expect(logger.entries.filter((l) => l.level === 'error')).toHaveLength(1);
  });
});

describe('createWebhookReceiver options', () => {
  it('logs nothing at creation when a secret or basic auth is configured', () => {
    const quiet = recordingLogger();
    createWebhookReceiver({ logger: quiet, secret: SECRET });
    createWebhookReceiver({ logger: quiet, basicAuth: { username: 'sinch', password: 'pw' } });
    createWebhookReceiver({ logger: quiet, secret: SECRET, dangerouslyAllowUnauthenticated: true });
    expect(quiet.entries).toHaveLength(0);
  });

  it('refuses invalid options at creation', () => {
    expect(() => createWebhookReceiver({ secret: [SECRET, ''] })).toThrow(TypeError);
    expect(() => createWebhookReceiver({ secret: SECRET, maxBodyBytes: 0 })).toThrow(RangeError);
    expect(() => createWebhookReceiver({ secret: SECRET, toleranceSeconds: -1 })).toThrow(RangeError);
    expect(() => createWebhookReceiver({ secret: SECRET, basicAuth: { username: 'sinch', password: '' } })).toThrow(TypeError);
    expect(() => createWebhookReceiver({ basicAuth: { username: 'a:b', password: 'x' } })).toThrow(TypeError);
  });

  it('toleranceSeconds: 0 accepts old timestamps but still refuses replays', async () => {
    const r = receiver({ toleranceSeconds: 0 });
    const body = KEYLESS_CALLBACK;
    const headers = signed(body, { timestamp: 1_000_000_000 });
    expect((await r.handle({ method: 'POST', headers, body })).status).toBe(200);
    expect((await r.handle({ method: 'POST', headers, body })).status).toBe(401);
  });

  it('verifies a string body and the same bytes as a Buffer identically', async () => {
    const r = receiver();
    const body = moText('01UNICODE', 'ünïcødé 🚀');
    expect((await r.handle({ method: 'POST', headers: signed(body, { nonce: 'N1' }), body })).status).toBe(200);
    const body2 = moText('01UNICODE2', 'ünïcødé 🚀');
    expect((await r.handle({ method: 'POST', headers: signed(body2, { nonce: 'N2' }), body: Buffer.from(body2) })).status).toBe(200);
  });
});

