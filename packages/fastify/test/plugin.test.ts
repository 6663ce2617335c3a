import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  DEFAULT_WEBHOOK_PATH,
  parseInbound,
  sinchWebhook,
  type InboundsPageItem,
  type MoText,
  type ReconcileSource,
  type WebhookReceiver,
} from '../src/index.js';
import { FASTIFIES, listen } from './helpers.js';

const SECRET = 'fastify-plugin-secret';
let counter = 0;

function receiver(): { receiver: WebhookReceiver; got: MoText[] } {
  const r = createWebhookReceiver({ secret: SECRET, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  const got: MoText[] = [];
  r.on('mo_text', (m) => void got.push(m));
  return { receiver: r, got };
}

async function post(url: string): Promise<{ status: number; body: string; headers: Headers }> {
  const body = JSON.stringify({ ...fixtures.moTextWebhook, id: `01FASTIFYPLUGIN${String(counter++).padStart(11, '0')}` });
  const res = await fetch(url, { method: 'POST', headers: signedCallbackHeaders(body, { secret: SECRET }), body });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe.each(FASTIFIES)('%s: sinchWebhook', (_major, fastify) => {
  it(`listens at ${DEFAULT_WEBHOOK_PATH} by default, at path when given, under the plugin's prefix`, async () => {
    const a = receiver();
    const b = receiver();
    const c = receiver();
    const app = fastify();
    await app.register(sinchWebhook, { receiver: a.receiver });
    await app.register(sinchWebhook, { receiver: b.receiver, path: '/hooks/sms' });
    await app.register(sinchWebhook, { receiver: c.receiver, path: '/sms', prefix: '/v2' });
    const server = await listen(app);
    closers.push(server.close);
    expect((await post(`${server.base}/sinch/callbacks`)).status).toBe(200);
    expect((await post(`${server.base}/hooks/sms`)).status).toBe(200);
    expect((await post(`${server.base}/v2/sms`)).status).toBe(200);
    expect([a.got.length, b.got.length, c.got.length]).toEqual([1, 1, 1]);
  });

  it("keeps the raw body to its own route: the app's other routes still get Fastify's parsed JSON and form bodies", async () => {
    const { receiver: r, got } = receiver();
    const app = fastify();
    app.post('/before', async (request) => ({ echoed: request.body }));
    await app.register(sinchWebhook, { receiver: r });
    app.post('/after', async (request) => ({ echoed: request.body }));
    const server = await listen(app);
    closers.push(server.close);
    for (const route of ['/before', '/after']) {
      const res = await fetch(`${server.base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' });
      expect(await res.json()).toEqual({ echoed: { a: [1, 2] } });
      // Text bodies still get Fastify's own 415/parsing, not the webhook's.
      const text = await fetch(`${server.base}${route}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
      expect(await text.json()).toEqual({ echoed: 'hi' });
    }
    expect((await post(server.url)).status).toBe(200);
    expect(got).toHaveLength(1);
  });

  it("answers through Fastify's reply: the app's onSend and onResponse hooks see the webhook's answer", async () => {
    const { receiver: r } = receiver();
    const app = fastify();
    const seen: number[] = [];
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('x-request-seen', 'yes');
      return payload;
    });
    app.addHook('onResponse', async (_request, reply) => void seen.push(reply.statusCode));
    await app.register(sinchWebhook, { receiver: r });
    const server = await listen(app);
    closers.push(server.close);
    const res = await post(server.url);
    expect(res.status).toBe(200);
    expect(res.body).toBe('{"status":"accepted"}');
    expect(res.headers.get('x-request-seen')).toBe('yes');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await fetch(server.url)).status).toBe(405);
    expect(seen).toEqual([200, 405]);
  });

  it('refuses to register without a receiver, naming the fix', async () => {
    const app = fastify();
    await expect(app.register(sinchWebhook, {} as never)).rejects.toThrow(/give the plugin a receiver/);
  });

  it('reconcile: starts once the app listens (not on ready), and close() stops it, aborting a run in progress', async () => {
    const { receiver: r, got } = receiver();
    let started = (): void => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const state = { runs: 0, aborted: false };
    const source: ReconcileSource = {
      iterate({ signal }) {
        state.runs++;
        return {
          async *[Symbol.asyncIterator]() {
            yield parseInbound({ ...fixtures.moTextWebhook, id: '01FASTIFYRECONCILED0000000' }) as InboundsPageItem;
            started();
            // Held open until the schedule is stopped.
            await new Promise<void>((_, reject) =>
              signal?.addEventListener('abort', () => {
                state.aborted = true;
                reject(signal.reason);
              }),
            );
          },
        };
      },
    };
    const app = fastify();
    await app.register(sinchWebhook, { receiver: r, reconcile: { source, onError: () => {} } });
    await app.ready();
    expect(state.runs).toBe(0);
    await app.listen({ port: 0, host: '127.0.0.1' });
    await running;
    expect(got.map((m) => m.id)).toEqual(['01FASTIFYRECONCILED0000000']);
    await app.close();
    expect(state.aborted).toBe(true);
    expect(state.runs).toBe(1);
  });
});
