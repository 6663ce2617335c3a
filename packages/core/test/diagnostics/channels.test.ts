import { AsyncLocalStorage } from 'node:async_hooks';
import { tracingChannel } from 'node:diagnostics_channel';
import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import {
  createNodeHandler,
  createWebhookReceiver,
  DIAGNOSTICS_CHANNELS,
  InboundsClient,
  SinchNetworkError,
  silentLogger,
  type ClientRequestDiagnostic,
  type HandlerDiagnostic,
  type ReconcileDiagnostic,
  type WebhookDiagnostic,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from '../../src/index.js';
import { KEYLESS_CALLBACK, moText, NOW, SECRET, signed } from '../receiver/fixtures.js';

type Event = 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error';

/** Subscribes to one tracing channel and records each event with a copy of the message as it was then. */
function record<M extends object>(name: string) {
  const channel = tracingChannel<unknown, M>(name);
  const events: { event: Event; message: M }[] = [];
  const on = (event: Event) => (message: M) => events.push({ event, message: { ...message } });
  const handlers = { start: on('start'), end: on('end'), asyncStart: on('asyncStart'), asyncEnd: on('asyncEnd'), error: on('error') };
  channel.subscribe(handlers);
  return {
    events,
    /** The messages as they were at `asyncEnd`, i.e. complete. */
    finished: (): M[] => events.filter((e) => e.event === 'asyncEnd').map((e) => e.message),
    unsubscribe: () => channel.unsubscribe(handlers),
  };
}

const servers: Server[] = [];
let sim: SinchSimulator | undefined;
let recorders: { unsubscribe(): void }[] = [];
afterEach(async () => {
  for (const r of recorders) r.unsubscribe();
  recorders = [];
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await sim?.close();
  sim = undefined;
});

let webhook: ReturnType<typeof record<WebhookDiagnostic>>;
let handler: ReturnType<typeof record<HandlerDiagnostic>>;
let client: ReturnType<typeof record<ClientRequestDiagnostic>>;
beforeEach(() => {
  webhook = record<WebhookDiagnostic>(DIAGNOSTICS_CHANNELS.webhook);
  handler = record<HandlerDiagnostic>(DIAGNOSTICS_CHANNELS.handler);
  client = record<ClientRequestDiagnostic>(DIAGNOSTICS_CHANNELS.clientRequest);
  recorders = [webhook, handler, client];
});

async function serve(options: WebhookReceiverOptions = {}): Promise<{ receiver: WebhookReceiver; url: string }> {
  const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW, ...options });
  const server = http.createServer(createNodeHandler(receiver));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { receiver, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

function post(url: string, body: string, headers: Record<string, string>, method = 'POST'): Promise<Response> {
  return fetch(url, { method, headers, ...(method === 'GET' ? {} : { body }) });
}

describe('the webhook channel', () => {
  it('traces an accepted callback, then its duplicate, with type, id, handler time and both trace halves', async () => {
    const { receiver, url } = await serve();
    receiver.on('mo_text', async () => {});
    const body = moText('01JACCEPTED0000000000000000', 'secret words');
    expect((await post(url, body, signed(body, { nonce: 'n-1' }))).status).toBe(200);
    expect((await post(url, body, signed(body, { nonce: 'n-2' }))).status).toBe(200);

    expect(webhook.events.map((e) => e.event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd', 'start', 'end', 'asyncStart', 'asyncEnd']);
    // At start only the method is known.
    expect(webhook.events[0]!.message).toEqual({ method: 'POST' });
    const [first, second] = webhook.finished();
    expect(first).toMatchObject({ method: 'POST', outcome: 'accepted', status: 200, callbackType: 'mo_text', callbackId: '01JACCEPTED0000000000000000' });
    expect(first!.handlerDurationMs).toBeGreaterThanOrEqual(0);
    expect(first!.reason).toBeUndefined();
    expect(second).toMatchObject({ outcome: 'duplicate', status: 200, duplicate: true, callbackId: '01JACCEPTED0000000000000000' });
    expect(second!.handlerDurationMs).toBeUndefined();
    // The handlers ran once: one handler trace.
    expect(handler.finished()).toEqual([
      expect.objectContaining({ callbackType: 'mo_text', source: 'webhook', callbackId: '01JACCEPTED0000000000000000', failedHandlers: 0 }),
    ]);
    // No secret, nonce, signature or body text anywhere.
    const everything = JSON.stringify([webhook.events, handler.events]);
    for (const leak of [SECRET, 'secret words', 'n-1', signed(body, { nonce: 'n-1' })['x-sinch-webhook-signature']!]) {
      expect(everything).not.toContain(leak);
    }
  });

  it('names the reason of every refusal', async () => {
    const { url } = await serve({ maxBodyBytes: 2048 });
    const body = moText('01JREFUSED00000000000000000');
    const good = signed(body);
    const cases: [string, () => Promise<Response>][] = [
      ['method_not_allowed', () => post(url, body, good, 'GET')],
      ['unsupported_media_type', () => post(url, body, { ...good, 'content-type': 'text/plain' })],
      ['payload_too_large', () => post(url, 'x'.repeat(4096), signed('x'.repeat(4096)))],
      ['missing_headers', () => post(url, body, { 'content-type': 'application/json' })],
      ['bad_signature', () => post(url, body, signed(body, { secret: 'not-the-secret' }))],
      ['stale', () => post(url, body, signed(body, { timestamp: NOW / 1000 - 3600 }))],
      ['future', () => post(url, body, signed(body, { timestamp: NOW / 1000 + 3600 }))],
      ['unsupported_algorithm', () => post(url, body, { ...good, 'x-sinch-webhook-signature-algorithm': 'HmacMD5' })],
    ];
    for (const [, send] of cases) expect((await send()).status).toBeGreaterThanOrEqual(400);
    expect(webhook.finished().map((m) => [m.outcome, m.reason])).toEqual(cases.map(([reason]) => ['refused', reason]));

    // A replay: the same signed request twice, of a callback without a dedupe key (one with a
    // key is answered by the dedupe memory instead).
    const once1 = signed(KEYLESS_CALLBACK, { nonce: 'replay-me' });
    expect((await post(url, KEYLESS_CALLBACK, once1)).status).toBe(200);
    expect((await post(url, KEYLESS_CALLBACK, once1)).status).toBe(401);
    expect(webhook.finished().at(-1)).toMatchObject({ outcome: 'refused', reason: 'replayed', status: 401 });
  });

  it('names basic-auth and malformed-JSON refusals', async () => {
    const { url } = await serve({ secret: undefined, basicAuth: { username: 'u', password: 'p' } });
    expect((await post(url, '{}', { 'content-type': 'application/json' })).status).toBe(401);
    const open = await serve({ secret: undefined, dangerouslyAllowUnauthenticated: true });
    expect((await post(open.url, '{nope', { 'content-type': 'application/json' })).status).toBe(400);
    expect(webhook.finished().map((m) => [m.outcome, m.reason])).toEqual([
      ['refused', 'basic_auth'],
      ['refused', 'bad_request'],
    ]);
  });

  it('traces a failing handler: failed on the webhook channel, the thrown error on the handler channel', async () => {
    const { receiver, url } = await serve();
    const boom = new Error('handler down');
    receiver.on('mo_text', () => {
      throw boom;
    });
    receiver.on('error', () => {});
    const body = moText('01JFAILED000000000000000000');
    expect((await post(url, body, signed(body))).status).toBe(500);
    expect(webhook.finished()).toEqual([
      expect.objectContaining({ outcome: 'failed', reason: 'handler_failed', status: 500, callbackType: 'mo_text' }),
    ]);
    expect(handler.events.filter((e) => e.event === 'error').map((e) => e.message.error)).toEqual([boom]);
    expect(handler.finished()[0]).toMatchObject({ failedHandlers: 1 });
  });

  it('traces an invalid signed payload as failed, invalid_payload', async () => {
    const { receiver, url } = await serve();
    receiver.on('error', () => {});
    const body = JSON.stringify({ type: 'mo_text', id: 'x' });
    expect((await post(url, body, signed(body))).status).toBe(500);
    expect(webhook.finished()[0]).toMatchObject({ outcome: 'failed', reason: 'invalid_payload' });
  });

  it('runs the handlers inside a store a subscriber bound to start, like an OpenTelemetry context', async () => {
    const store = new AsyncLocalStorage<string>();
    const channel = tracingChannel<unknown, WebhookDiagnostic>(DIAGNOSTICS_CHANNELS.webhook);
    channel.start.bindStore(store, (m) => `trace of ${m.method}`);
    try {
      const { receiver, url } = await serve();
      let seen: string | undefined;
      receiver.on('mo_text', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        seen = store.getStore();
      });
      const body = moText();
      expect((await post(url, body, signed(body))).status).toBe(200);
      expect(seen).toBe('trace of POST');
    } finally {
      channel.start.unbindStore(store);
    }
  });

  it('traces handle() and fetch() the same way as node()', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW });
    // Handled, so remembered: a callback no handler takes is not remembered as a duplicate.
    receiver.on('mo_text', () => {});
    const body = moText();
    await receiver.handle({ method: 'POST', headers: signed(body, { nonce: 'h' }), body });
    await receiver.fetch(new Request('http://x/', { method: 'POST', headers: signed(body, { nonce: 'f' }), body }));
    expect(webhook.finished().map((m) => m.outcome)).toEqual(['accepted', 'duplicate']);
  });
});

describe('the reconcile channel', () => {
  it('traces a run with its counts, and the handler runs inside it as reconcile', async () => {
    const reconcile = record<ReconcileDiagnostic>(DIAGNOSTICS_CHANNELS.reconcile);
    recorders.push(reconcile);
    sim = await startSinchSimulator({ seed: 5 });
    sim.seed(4);
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    receiver.on('mo_text', () => {});
    receiver.on('mo_binary', () => {});
    receiver.on('mo_media', () => {});
    const c = new InboundsClient({ servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, logger: silentLogger });
    const since = new Date(Date.now() - 24 * 3600_000);
    const report = await receiver.reconcile(c, { since });
    expect(report.handled).toBe(4);

    expect(reconcile.events.map((e) => e.event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(reconcile.finished()[0]).toMatchObject({ since, seen: 4, handled: 4, duplicates: 0, failed: 0, unreadable: 0 });
    expect(handler.finished().map((m) => m.source)).toEqual(['reconcile', 'reconcile', 'reconcile', 'reconcile']);
    expect(client.finished().length).toBeGreaterThanOrEqual(1);
    // The ids stay out of the reconcile message.
    expect(JSON.stringify(reconcile.events)).not.toContain(sim.inbounds()[0]!.id);
  });
});

describe('the client request channel', () => {
  it('traces each attempt: a 503 then its retry, with template, delay and no query or token', async () => {
    sim = await startSinchSimulator({ seed: 7 });
    sim.seed(3);
    sim.setFaults({ list: { errorRate: 1, errorStatus: 503, maxFaults: 1 } });
    const c = new InboundsClient({
      servicePlanId: sim.servicePlanId,
      apiToken: sim.apiToken,
      baseUrl: sim.url,
      logger: silentLogger,
      retry: { baseDelayMs: 5, maxDelayMs: 5 },
    });
    await c.list({ to: '+46701234567' });
    const [first, retry] = client.finished();
    expect(first).toMatchObject({
      method: 'GET',
      url: `${sim.url}/xms/v1/${sim.servicePlanId}/inbounds`,
      urlTemplate: '/xms/v1/{service_plan_id}/inbounds',
      attempt: 1,
      retryDelayMs: 0,
      status: 503,
    });
    expect(retry).toMatchObject({ attempt: 2, status: 200 });
    expect(retry!.retryDelayMs).toBeGreaterThanOrEqual(0);
    expect(retry!.retryDelayMs).toBeLessThanOrEqual(5);
    const everything = JSON.stringify(client.events);
    expect(everything).not.toContain(sim.apiToken);
    expect(everything).not.toContain('46701234567');

    const id = sim.inbounds()[0]!.id;
    await c.get(id);
    expect(client.finished().at(-1)).toMatchObject({ urlTemplate: '/xms/v1/{service_plan_id}/inbounds/{inbound_id}', status: 200, attempt: 1 });
  });

  it('publishes a network failure on the error channel with its kind', async () => {
    // A port nobody listens on: bind one, note it, close it.
    const server = http.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const c = new InboundsClient({ servicePlanId: 'plan', apiToken: 'token-123', baseUrl: `http://127.0.0.1:${port}`, logger: silentLogger, maxRetries: 0 });
    await expect(c.get('abc')).rejects.toBeInstanceOf(SinchNetworkError);
    expect(client.finished()).toEqual([expect.objectContaining({ attempt: 1, errorKind: 'network' })]);
    expect(client.events.filter((e) => e.event === 'error')).toHaveLength(1);
  });
});
