import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, readWebBody } from '../../src/index.js';
import { moText, SECRET, signed, silentLogger } from './fixtures.js';

function streamOf(chunks: Uint8Array[], onPull?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      onPull?.();
      if (i < chunks.length) controller.enqueue(chunks[i++] as Uint8Array);
      else controller.close();
    },
  });
}

const post = (body: BodyInit, headers: Record<string, string>) =>
  new Request('http://127.0.0.1/sinch', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);

describe('fetch()', () => {
  it('answers a signed Request with a Response and the same contract as handle()', async () => {
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    let calls = 0;
    r.on('inbound', () => void calls++);
    const body = moText();
    const headers = signed(body, { timestamp: Math.floor(Date.now() / 1000) });
    const res = await r.fetch(post(body, headers));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'accepted' });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await r.fetch(new Request('http://127.0.0.1/sinch'))).status).toBe(405);
    expect((await r.fetch(post(body, { ...headers, 'content-type': 'text/plain' }))).status).toBe(415);
    expect((await r.fetch(post(body, { 'content-type': 'application/json' }))).status).toBe(401);
    expect(calls).toBe(1);
  });

  it('stops reading a streamed body as soon as it passes maxBodyBytes', async () => {
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, maxBodyBytes: 100 });
    let pulls = 0;
    const chunks = Array.from({ length: 1000 }, () => new Uint8Array(60));
    const res = await r.fetch(post(streamOf(chunks, () => pulls++), { 'content-type': 'application/json' }));
    expect(res.status).toBe(413);
    expect(pulls).toBeLessThan(10);
  });

  it('readWebBody: joins chunks, reports consumed and failing streams', async () => {
    const joined = await readWebBody(post(streamOf([new Uint8Array([1, 2]), new Uint8Array([3])]), {}), 10);
    expect(joined.kind === 'body' && [...joined.body]).toEqual([1, 2, 3]);
    const used = post('{}', {});
    await used.text();
    expect((await readWebBody(used, 10)).kind).toBe('consumed');
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('client went away'));
      },
    });
    expect((await readWebBody(post(failing, {}), 10)).kind).toBe('aborted');
  });
});
