import { once } from 'node:events';
import http, { type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createNodeHandler,
  createWebhookReceiver,
  readNodeBody,
  type BodyReadResult,
  type WebhookReceiver,
  type WebhookReceiverError,
  RAW_BODY_MISSING_MESSAGE,
} from '../../src/index.js';
import { moText, NOW, recordingLogger, SECRET, signed, silentLogger } from './fixtures.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function request(
  port: number,
  options: { method?: string; headers?: Record<string, string>; chunks?: (string | Buffer)[] },
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    for (const c of options.chunks ?? []) req.write(c);
    req.end();
  });
}

function newReceiver(maxBodyBytes?: number): WebhookReceiver {
  return createWebhookReceiver({ secret: SECRET, logger: silentLogger, ...(maxBodyBytes ? { maxBodyBytes } : {}) });
}

describe('createNodeHandler over real HTTP', () => {
  it('accepts a signed chunked body and refuses an unsigned one', async () => {
    const r = newReceiver();
    const got: string[] = [];
    r.on('mo_text', (m) => void got.push(m.body));
    const port = await listen(createNodeHandler(r));
    const body = moText();
    const half = Buffer.from(body).subarray(0, 10);
    const rest = Buffer.from(body).subarray(10);
    const ok = await request(port, { headers: signed(body, { timestamp: Math.floor(Date.now() / 1000) }), chunks: [half, rest] });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got).toEqual(['Hello John! 👋']);
    const bad = await request(port, { headers: { 'content-type': 'application/json' }, chunks: [body] });
    expect(bad.status).toBe(401);
  });

  it('405 and 415 before reading the body, keeping the server healthy', async () => {
    const port = await listen(createNodeHandler(newReceiver()));
    expect((await request(port, { method: 'GET' })).status).toBe(405);
    expect((await request(port, { headers: { 'content-type': 'text/plain' }, chunks: ['x'.repeat(100_000)] })).status).toBe(415);
  });

  it('413 for an oversized chunked body, without waiting for the rest', async () => {
    const port = await listen(createNodeHandler(newReceiver(1024)));
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', headers: { 'content-type': 'application/json' }, agent: false });
      let stop = false;
      req.on('response', (r) => {
        stop = true;
        r.resume();
        resolve(r.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (e) => (stop ? undefined : reject(e)));
      // Keep sending (chunked, no content-length) until the server answers.
      const pump = (): void => {
        if (stop) return;
        if (req.write(Buffer.alloc(16 * 1024, 0x20))) setImmediate(pump);
        else req.once('drain', pump);
      };
      pump();
    });
    expect(res).toBe(413);
  });

  it('413 at once from a declared content-length over the limit', async () => {
    const port = await listen(createNodeHandler(newReceiver(10)));
    const res = await request(port, { headers: { 'content-type': 'application/json', 'content-length': '11' }, chunks: ['{"a":12345}'] });
    expect(res.status).toBe(413);
  });
});

describe('readNodeBody', () => {
  it('resolves "aborted" when the client disconnects mid-body, and never hangs', async () => {
    const results: BodyReadResult[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    let reading!: () => void;
    const started = new Promise<void>((resolve) => (reading = resolve));
    const port = await listen(async (req) => {
      const read = readNodeBody(req, 1024 * 1024);
      reading();
      results.push(await read);
      done();
    });
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":"mo_t');
    await started;
    socket.destroy();
    await finished;
    expect(results[0]?.kind).toBe('aborted');
  });

  it('resolves "consumed" when a body parser already read the stream', async () => {
    const results: BodyReadResult[] = [];
    const port = await listen((req, res) => {
      req.resume();
      req.on('end', async () => {
        results.push(await readNodeBody(req as IncomingMessage, 100));
        res.end();
      });
    });
    await request(port, { headers: { 'content-type': 'application/json' }, chunks: ['{}'] });
    expect(results[0]?.kind).toBe('consumed');
  });

  it('a node handler whose body was consumed answers 500 and reports the fix', async () => {
    const r = newReceiver();
    const reported: WebhookReceiverError[] = [];
    r.on('error', (e) => void reported.push(e));
    const port = await listen((req, res) => {
      req.resume();
      req.on('end', () => void r.node(req, res));
    });
    const res = await request(port, { headers: { 'content-type': 'application/json' }, chunks: [moText()] });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: 'internal_error', message: RAW_BODY_MISSING_MESSAGE });
    expect(reported[0]?.kind).toBe('configuration');
    expect(reported[0]?.message).toContain('express.json()');
  });

  it('logs a consumed body once, however many callbacks fail on it, and reports each to error handlers', async () => {
    const logger = recordingLogger();
    const r = createWebhookReceiver({ secret: SECRET, logger, now: () => NOW });
    const reported: WebhookReceiverError[] = [];
    r.on('error', (e) => void reported.push(e));
    const port = await listen((req, res) => {
      req.resume();
      req.on('end', () => void r.node(req, res));
    });
    for (let i = 0; i < 3; i++) {
      const res = await request(port, { headers: { 'content-type': 'application/json' }, chunks: [moText()] });
      expect(res.status).toBe(500);
    }
    expect(reported).toHaveLength(3);
    expect(logger.entries.filter((l) => l.level === 'error' && l.message.includes(RAW_BODY_MISSING_MESSAGE))).toHaveLength(1);
  });
});
