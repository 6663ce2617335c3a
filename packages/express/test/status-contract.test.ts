import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookReceiver, sinchWebhook, type MoText, type WebhookReceiverError } from '../src/index.js';
import { EXPRESSES, moText, recordingLogger, send, serve, SECRET, signedHeaders, silentLogger } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe.each(EXPRESSES)('%s: every row of the status contract over real HTTP', (_name, express) => {
  async function app(options: Parameters<typeof createWebhookReceiver>[0] = {}) {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger, ...options });
    const got: MoText[] = [];
    const errors: WebhookReceiverError[] = [];
    receiver.on('mo_text', (m) => void got.push(m));
    receiver.on('error', (e) => void errors.push(e));
    const a = express();
    // all(): so that other methods reach the middleware and its 405.
    a.all('/sinch', sinchWebhook(receiver));
    const server = await serve(a);
    closers.push(server.close);
    return { url: `${server.url}/sinch`, port: server.port, receiver, got, errors };
  }

  it('200 accepted for a payload signed by core, handed to the typed handler', async () => {
    const { url, got } = await app();
    const body = moText();
    const res = await send(url, { headers: signedHeaders(body), body });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'accepted' });
    expect(got.map((m) => m.body)).toEqual(['Hello John! 👋']);
  });

  it('200 for a chunked body (no content-length) delivered in pieces', async () => {
    const { port, got } = await app();
    const body = Buffer.from(moText(undefined, 'chunked ✓'));
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/sinch', method: 'POST', headers: signedHeaders(body), agent: false });
      req.on('error', reject);
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      expect(req.getHeader('content-length')).toBeUndefined();
      // Split inside the multi-byte ✓ on purpose: the bytes must be joined before decoding.
      const cut = body.indexOf(Buffer.from('✓')) + 1;
      req.write(body.subarray(0, cut));
      setTimeout(() => req.end(body.subarray(cut)), 20);
    });
    expect(status).toBe(200);
    expect(got.map((m) => m.body)).toEqual(['chunked ✓']);
  });

  it('405 for GET, with Allow: POST', async () => {
    const { url } = await app();
    const res = await send(url, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('415 for a wrong or missing content type', async () => {
    const { url } = await app();
    const body = moText();
    expect((await send(url, { headers: { ...signedHeaders(body), 'content-type': 'text/plain' }, body })).status).toBe(415);
    const { 'content-type': _drop, ...noType } = signedHeaders(body);
    expect((await send(url, { headers: noType, body: Buffer.from(body) })).status).toBe(415);
  });

  it('413 over maxBodyBytes: declared length, and a chunked body without a length', async () => {
    const { url, port, got } = await app({ maxBodyBytes: 512 });
    const big = moText(undefined, 'x'.repeat(600));
    expect((await send(url, { headers: signedHeaders(big), body: big })).status).toBe(413);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/sinch', method: 'POST', headers: { 'content-type': 'application/json' }, agent: false });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (e) => (answered ? undefined : reject(e)));
      const pump = (): void => {
        if (answered) return;
        if (req.write(Buffer.alloc(8192, 0x20))) setImmediate(pump);
        else req.once('drain', pump);
      };
      pump();
    });
    expect(status).toBe(413);
    expect(got).toHaveLength(0);
  });

  it('401 for missing, wrong, stale and future signatures; the body names no reason', async () => {
    const logger = recordingLogger();
    const { url, got } = await app({ logger });
    const body = moText();
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      { 'content-type': 'application/json' },
      signedHeaders(body, { secret: 'wrong' }),
      signedHeaders(body, { timestamp: now - 3600 }),
      signedHeaders(body, { timestamp: now + 3600 }),
    ];
    for (const headers of cases) {
      const res = await send(url, { headers, body });
      expect(res.status).toBe(401);
      expect(res.body).toBe('{"error":"unauthorized"}');
    }
    // Refusals only: the signature an hour ahead also draws the one clock-skew warning.
    const refusals = logger.entries.filter((l) => l.context?.reason !== undefined);
    expect(refusals.map((l) => l.context?.reason)).toEqual(['missing_headers', 'bad_signature', 'stale', 'future']);
    expect(got).toHaveLength(0);
  });

  it('a replayed request (same nonce) is never handled twice: a duplicate of a handled message, 401 without a dedupe key', async () => {
    const { url, got } = await app();
    const body = moText();
    const headers = signedHeaders(body);
    expect((await send(url, { headers, body })).status).toBe(200);
    expect((await send(url, { headers, body })).body).toBe('{"status":"duplicate"}');
    expect(got).toHaveLength(1);
    // A callback without a dedupe key (an unknown type without an id) can only be refused.
    const keyless = JSON.stringify({ type: 'mo_hologram' });
    const keylessHeaders = signedHeaders(keyless);
    expect((await send(url, { headers: keylessHeaders, body: keyless })).status).toBe(200);
    expect((await send(url, { headers: keylessHeaders, body: keyless })).status).toBe(401);
  });

  it('accepts both secrets during a rotation', async () => {
    const { url, got } = await app({ secret: ['old-secret', 'new-secret'] });
    const a = moText();
    const b = moText();
    expect((await send(url, { headers: signedHeaders(a, { secret: 'old-secret' }), body: a })).status).toBe(200);
    expect((await send(url, { headers: signedHeaders(b, { secret: 'new-secret' }), body: b })).status).toBe(200);
    expect((await send(url, { headers: signedHeaders(b, { secret: 'retired' }), body: b })).status).toBe(401);
    expect(got).toHaveLength(2);
  });

  it('401 without the configured basic auth, 200 with it (Authorization header over HTTP)', async () => {
    const { url, got } = await app({ secret: undefined, basicAuth: { username: 'sinch', password: 'pa55' } });
    const body = moText();
    const json = { 'content-type': 'application/json' };
    expect((await send(url, { headers: json, body })).status).toBe(401);
    const wrong = `Basic ${Buffer.from('sinch:nope').toString('base64')}`;
    expect((await send(url, { headers: { ...json, authorization: wrong }, body })).status).toBe(401);
    const right = `Basic ${Buffer.from('sinch:pa55').toString('base64')}`;
    expect((await send(url, { headers: { ...json, authorization: right }, body })).status).toBe(200);
    expect(got).toHaveLength(1);
  });

  it('400 for malformed JSON when no auth is configured', async () => {
    const receiver = createWebhookReceiver({ dangerouslyAllowUnauthenticated: true, logger: silentLogger });
    const a = express();
    a.post('/open', sinchWebhook(receiver));
    const server = await serve(a);
    closers.push(server.close);
    const res = await send(`${server.url}/open`, { headers: { 'content-type': 'application/json' }, body: '{"type": "mo_text",' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'bad_request' });
  });

  it('200 for an unknown type and for a duplicate', async () => {
    const { url } = await app();
    const unknown = '{"type":"mo_telepathy","id":"01UNKNOWN"}';
    expect((await send(url, { headers: signedHeaders(unknown), body: unknown })).status).toBe(200);
    const body = moText();
    expect((await send(url, { headers: signedHeaders(body), body })).body).toBe('{"status":"accepted"}');
    const dup = await send(url, { headers: signedHeaders(body), body });
    expect(dup.status).toBe(200);
    expect(dup.body).toBe('{"status":"duplicate"}');
  });

  it('500 with a generic body when a handler throws', async () => {
    const { url, receiver, errors } = await app();
    receiver.on('inbound', () => {
      throw new Error('secret internals: db://user:pw@host');
    });
    const body = moText();
    const res = await send(url, { headers: signedHeaders(body), body });
    expect(res.status).toBe(500);
    expect(res.body).toBe('{"error":"internal_error"}');
    expect(errors.map((e) => e.kind)).toEqual(['handler']);
  });

  it('500 for a signed payload that fails validation, its raw bytes handed to "error"', async () => {
    const { url, errors } = await app();
    const body = '{"type":"mo_text","id":"01BROKEN","from":"1","to":"2","body":"x","received_at":"yesterday"}';
    const res = await send(url, { headers: signedHeaders(body), body });
    expect(res.status).toBe(500);
    const e = errors[0];
    if (e?.kind !== 'payload') throw new Error(`expected a payload error, got ${e?.kind}`);
    expect(Buffer.from(e.rawBody).toString('utf8')).toBe(body);
    expect(e.cause.path).toBe('$.received_at');
  });
});
