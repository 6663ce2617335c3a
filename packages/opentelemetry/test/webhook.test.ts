import { trace } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookReceiver, silentLogger, type WebhookReceiver } from '@sinch-inbounds/core';
import { fixtures, signedCallbackHeaders, startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { serve, setUpTelemetry } from './support.js';

const SECRET = 'otel-test-secret';

let telemetry: ReturnType<typeof setUpTelemetry>;
let sim: SinchSimulator;
let receiver: WebhookReceiver;
let server: Awaited<ReturnType<typeof serve>>;

beforeEach(async () => {
  telemetry = setUpTelemetry();
  receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
  receiver.on('error', () => {});
  server = await serve(receiver);
  sim = await startSinchSimulator({ webhook: { url: server.url, secret: SECRET }, timeScale: 0.0005, seed: 3 });
});

afterEach(async () => {
  await sim.close();
  await server.close();
  await telemetry.close();
});

function post(body: string, headers: Record<string, string>, method = 'POST'): Promise<Response> {
  return fetch(server.url, { method, headers, ...(method === 'GET' ? {} : { body }) });
}

describe('webhook metrics and spans, from real callbacks', () => {
  it('counts accepted and duplicate callbacks by type, and times the handlers', async () => {
    receiver.on('mo_text', async () => {});
    const sent = await sim.send({ body: 'hello' });
    expect((await sent.delivery)?.outcome).toBe('delivered');
    expect((await sim.redeliver(sent.inbound.id)).outcome).toBe('delivered');

    expect(await telemetry.points('sinch.webhook.callbacks')).toEqual(
      expect.arrayContaining([
        { attributes: { 'sinch.webhook.outcome': 'accepted', 'sinch.callback.type': 'mo_text' }, value: 1 },
        { attributes: { 'sinch.webhook.outcome': 'duplicate', 'sinch.callback.type': 'mo_text' }, value: 1 },
      ]),
    );
    const handler = await telemetry.points('sinch.webhook.handler.duration');
    expect(handler).toEqual([expect.objectContaining({ attributes: { 'sinch.callback.type': 'mo_text' }, count: 1 })]);
    expect(handler[0]!.sum).toBeGreaterThanOrEqual(0);
    expect(handler[0]!.sum).toBeLessThan(5);
  });

  it('counts a refused callback per reason', async () => {
    const body = JSON.stringify({ ...fixtures.moTextWebhook, id: '01JOTELREFUSED000000000000' });
    const good = signedCallbackHeaders(body, { secret: SECRET });
    const now = Math.floor(Date.now() / 1000);
    const sends: [string, () => Promise<Response>][] = [
      ['method_not_allowed', () => post(body, good, 'GET')],
      ['unsupported_media_type', () => post(body, { ...good, 'content-type': 'text/plain' })],
      ['missing_headers', () => post(body, { 'content-type': 'application/json' })],
      ['bad_signature', () => post(body, signedCallbackHeaders(body, { secret: 'wrong' }))],
      ['stale', () => post(body, signedCallbackHeaders(body, { secret: SECRET, timestamp: now - 3600 }))],
      ['future', () => post(body, signedCallbackHeaders(body, { secret: SECRET, timestamp: now + 3600 }))],
      ['unsupported_algorithm', () => post(body, { ...good, 'x-sinch-webhook-signature-algorithm': 'HmacMD5' })],
      ['payload_too_large', () => post('x'.repeat(2 * 1024 * 1024), { 'content-type': 'application/json' })],
    ];
    for (const [, send] of sends) expect((await send()).status).toBeGreaterThanOrEqual(400);
    // Only a callback without a dedupe key is refused as replayed; one with a key is a duplicate.
    const keyless = JSON.stringify({ type: 'mo_hologram' });
    const replay = signedCallbackHeaders(keyless, { secret: SECRET, nonce: 'once-only' });
    expect((await post(keyless, replay)).status).toBe(200);
    expect((await post(keyless, replay)).status).toBe(401);

    const points = await telemetry.points('sinch.webhook.callbacks');
    for (const [reason] of [...sends, ['replayed']]) {
      expect(points).toContainEqual({ attributes: { 'sinch.webhook.outcome': 'refused', 'sinch.webhook.reason': reason }, value: 1 });
    }
  });

  it('counts failures, and the redeliveries that follow, until the handler recovers', async () => {
    let failuresLeft = 2;
    receiver.on('mo_text', () => {
      if (failuresLeft-- > 0) throw new TypeError('database down');
    });
    const sent = await sim.send();
    const record = await sent.delivery;
    expect(record?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);

    expect(await telemetry.points('sinch.webhook.callbacks')).toEqual(
      expect.arrayContaining([
        { attributes: { 'sinch.webhook.outcome': 'failed', 'sinch.webhook.reason': 'handler_failed', 'sinch.callback.type': 'mo_text' }, value: 2 },
        { attributes: { 'sinch.webhook.outcome': 'accepted', 'sinch.callback.type': 'mo_text' }, value: 1 },
      ]),
    );
    expect(await telemetry.points('sinch.webhook.handler.duration')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ attributes: { 'sinch.callback.type': 'mo_text', 'error.type': 'TypeError' }, count: 2 }),
        expect.objectContaining({ attributes: { 'sinch.callback.type': 'mo_text' }, count: 1 }),
      ]),
    );
    const failedHandler = telemetry.spans().find((s) => s.name === 'sinch.handler mo_text' && s.status.code === SpanStatusCode.ERROR);
    expect(failedHandler?.events.map((e) => e.name)).toEqual(['exception']);
    expect(failedHandler?.attributes['error.type']).toBe('TypeError');
    const failedWebhook = telemetry.spans().find((s) => s.name === 'sinch.webhook mo_text' && s.status.code === SpanStatusCode.ERROR);
    expect(failedWebhook?.status.message).toBe('handler_failed');
  });

  it('counts an unknown callback type as _OTHER in metrics, keeping the type on the span', async () => {
    const body = JSON.stringify({ type: 'mo_hologram', id: 'h-1' });
    expect((await post(body, signedCallbackHeaders(body, { secret: SECRET }))).status).toBe(200);
    expect(await telemetry.points('sinch.webhook.callbacks')).toEqual([
      { attributes: { 'sinch.webhook.outcome': 'accepted', 'sinch.callback.type': '_OTHER' }, value: 1 },
    ]);
    expect(telemetry.spans().find((s) => s.name.startsWith('sinch.webhook'))?.attributes['sinch.callback.type']).toBe('mo_hologram');
  });

  it("nests spans: callback, then handler run, then the app's own span inside the handler", async () => {
    const app = telemetry.tracer;
    receiver.on('mo_text', async (sms) => {
      await new Promise((resolve) => setImmediate(resolve));
      app.startSpan('save sms').end();
      expect(trace.getActiveSpan()).toBeDefined();
      void sms;
    });
    const sent = await sim.send({ body: 'nest me' });
    await sent.delivery;

    const spans = telemetry.spans();
    const webhook = spans.find((s) => s.name === 'sinch.webhook mo_text')!;
    const handler = spans.find((s) => s.name === 'sinch.handler mo_text')!;
    const own = spans.find((s) => s.name === 'save sms')!;
    expect(webhook.kind).toBe(SpanKind.INTERNAL);
    expect(webhook.attributes).toMatchObject({
      'sinch.webhook.outcome': 'accepted',
      'sinch.callback.type': 'mo_text',
      'sinch.callback.id': sent.inbound.id,
      'http.request.method': 'POST',
      'http.response.status_code': 200,
    });
    expect(handler.parentSpanContext?.spanId).toBe(webhook.spanContext().spanId);
    expect(own.parentSpanContext?.spanId).toBe(handler.spanContext().spanId);
    // Nothing of the message, nor any secret, on any span.
    const everything = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    expect(everything).not.toContain('nest me');
    expect(everything).not.toContain(SECRET);
  });

  it('records nothing once disabled, and subscribes once however often enabled', async () => {
    receiver.on('mo_text', () => {});
    telemetry.instrumentation.enable();
    await (await sim.send()).delivery;
    expect(await telemetry.points('sinch.webhook.callbacks')).toEqual([expect.objectContaining({ value: 1 })]);
    telemetry.instrumentation.disable();
    await (await sim.send()).delivery;
    expect(await telemetry.points('sinch.webhook.callbacks')).toEqual([expect.objectContaining({ value: 1 })]);
    expect(telemetry.spans().filter((s) => s.name.startsWith('sinch.webhook'))).toHaveLength(1);
  });
});
