import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InboundsClient, SinchApiError, SinchNetworkError, type InboundsClientSettings } from '@sinch-inbounds/core';
import { errorText, recordingLogger, rejection } from './support.js';

const TOKEN = 'tok-0123456789-SECRET';
const KEY_ID = 'key-id-ABCDEFGH';
const KEY_SECRET = 'key-secret-0123456789-SECRET';

let server: Server | undefined;

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

// A misbehaving proxy: answers every request with an error that echoes its headers
// into the body, a JSON text field and a response header.
async function echoingProxy(status: number): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    const auth = req.headers.authorization ?? '';
    res.writeHead(status, { 'content-type': 'application/json', 'x-seen-authorization': auth });
    res.end(JSON.stringify({ code: `bad ${auth}`, text: `Refused request with Authorization: ${auth}`, echo: { headers: req.headers } }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

function expectHidden(error: unknown, logs: string, ...secrets: string[]): void {
  const shown = `${errorText(error)}\n${JSON.stringify(error)}\n${JSON.stringify((error as SinchApiError).body)}\n${JSON.stringify((error as SinchApiError).headers)}\n${logs}`;
  for (const secret of secrets) expect(shown).not.toContain(secret);
  expect(shown).toContain('[REDACTED]');
}

describe('credentials never appear in what the client surfaces', () => {
  const settings = (logger: ReturnType<typeof recordingLogger>): InboundsClientSettings => ({
    logger,
    maxRetries: 1,
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
  });

  it('redacts an echoed API token from SinchApiError message, code, text, body and headers, and logs', async () => {
    const baseUrl = await echoingProxy(503);
    const logger = recordingLogger();
    const client = new InboundsClient({ servicePlanId: 'plan', apiToken: TOKEN, baseUrl, ...settings(logger) });
    const error = await rejection(client.list());
    expect(error).toBeInstanceOf(SinchApiError);
    const e = error as SinchApiError;
    expect(e.status).toBe(503);
    expect(e.text).toBe('Refused request with Authorization: Bearer [REDACTED]');
    expect(e.code).toBe('bad Bearer [REDACTED]');
    expect(e.headers['x-seen-authorization']).toBe('Bearer [REDACTED]');
    expectHidden(error, logger.text(), TOKEN);
  });

  it('redacts the key id, secret and Basic pair echoed by the token endpoint', async () => {
    const url = await echoingProxy(400);
    const logger = recordingLogger();
    const client = new InboundsClient({
      projectId: 'p',
      keyId: KEY_ID,
      keySecret: KEY_SECRET,
      baseUrl: url,
      authUrl: `${url}/oauth2/token`,
      ...settings(logger),
    });
    const error = await rejection(client.list());
    expect(error).toBeInstanceOf(SinchApiError);
    expectHidden(error, logger.text(), KEY_SECRET, KEY_ID, Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64'));
  });

  it('redacts a network error whose message carries the header value', async () => {
    const logger = recordingLogger();
    const client = new InboundsClient({
      servicePlanId: 'plan',
      apiToken: TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      // A fetch (a proxy agent, say) that reports the header it could not send.
      fetch: async (_url, init) => {
        throw new TypeError(`invalid header value ${JSON.stringify((init.headers as Record<string, string>).authorization)}`, {
          cause: new Error(`while sending ${TOKEN}`),
        });
      },
      ...settings(logger),
    });
    const error = await rejection(client.list());
    expect(error).toBeInstanceOf(SinchNetworkError);
    expect((error as Error).message).toContain('invalid header value "Bearer [REDACTED]"');
    expectHidden(error, logger.text(), TOKEN);
  });
});
