import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookResponse, writeNodeResponse, type WebhookResponse } from '../../src/index.js';

// One server that writes whatever response the test queued next.
let next: WebhookResponse = webhookResponse('accepted');
let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((_req, res) => writeNodeResponse(res, next));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function fetchRaw(): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
    http.request({ host: '127.0.0.1', port, method: 'POST' }).on('response', resolve).on('error', reject).end(),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) };
}

describe('writeNodeResponse', () => {
  it('writes status, headers and body with a content-length, never chunked', async () => {
    next = webhookResponse('method_not_allowed');
    const got = await fetchRaw();
    expect(got.status).toBe(405);
    expect(got.headers['allow']).toBe('POST');
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got.headers['transfer-encoding']).toBeUndefined();
    expect(got.headers['content-length']).toBe(String(got.body.byteLength));
    expect(got.body.toString()).toBe(next.body);
  });

  it("declares any body's exact UTF-8 length, surrogate pairs and lone surrogates included", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          // Any UTF-16 unit, so lone surrogates too.
          fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 40 }),
        ),
        async (text) => {
        next = { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
        const got = await fetchRaw();
        // What Node itself writes for the string (a lone surrogate becomes U+FFFD).
        expect(got.headers['content-length']).toBe(String(Buffer.byteLength(text)));
        expect(got.body.equals(Buffer.from(text))).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });
});
