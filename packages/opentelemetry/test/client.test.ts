import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InboundsClient, SinchTimeoutError, silentLogger } from '@sinch-inbounds/core';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { setUpTelemetry } from './support.js';

let telemetry: ReturnType<typeof setUpTelemetry>;
let sim: SinchSimulator;

beforeEach(async () => {
  telemetry = setUpTelemetry();
  sim = await startSinchSimulator({ seed: 11 });
  sim.seed(5);
});

afterEach(async () => {
  await sim.close();
  await telemetry.close();
});

function client(settings: { maxRetries?: number; timeoutMs?: number } = {}): InboundsClient {
  return new InboundsClient({
    servicePlanId: sim.servicePlanId,
    apiToken: sim.apiToken,
    baseUrl: sim.url,
    logger: silentLogger,
    retry: { baseDelayMs: 2, maxDelayMs: 2 },
    ...settings,
  });
}

describe('client metrics and spans, from real requests to the simulator', () => {
  it('records a retried request: a 503, then the retry that succeeds', async () => {
    sim.setFaults({ list: { errorRate: 1, errorStatus: 503, maxFaults: 1 } });
    await client().list({ to: '+15551234567' });

    expect(await telemetry.points('sinch.client.requests')).toEqual(
      expect.arrayContaining([
        { attributes: { 'http.response.status_code': 503, 'sinch.client.retry': false }, value: 1 },
        { attributes: { 'http.response.status_code': 200, 'sinch.client.retry': true }, value: 1 },
      ]),
    );
    const durations = await telemetry.points('sinch.client.request.duration');
    expect(durations.map((p) => p.count)).toEqual([1, 1]);

    const spans = telemetry.spans().filter((s) => s.kind === SpanKind.CLIENT);
    expect(spans.map((s) => s.name)).toEqual(['GET /xms/v1/{service_plan_id}/inbounds', 'GET /xms/v1/{service_plan_id}/inbounds']);
    const [first, retry] = spans;
    const port = Number(new URL(sim.url).port);
    expect(first!.attributes).toEqual({
      'http.request.method': 'GET',
      'url.template': '/xms/v1/{service_plan_id}/inbounds',
      'url.full': `${sim.url}/xms/v1/${sim.servicePlanId}/inbounds`,
      'server.address': '127.0.0.1',
      'server.port': port,
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(first!.status.code).toBe(SpanStatusCode.ERROR);
    expect(retry!.attributes).toMatchObject({ 'http.request.resend_count': 1, 'http.response.status_code': 200 });
    expect(retry!.attributes['sinch.client.retry.delay_ms']).toBeGreaterThanOrEqual(0);
    expect(retry!.status.code).toBe(SpanStatusCode.UNSET);
    // The token and the phone number in the query are nowhere.
    const everything = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    expect(everything).not.toContain(sim.apiToken);
    expect(everything).not.toContain('15551234567');
  });

  it('records get() under its own template, and a final 404', async () => {
    const c = client();
    const id = sim.inbounds()[0]!.id;
    await c.get(id);
    await expect(c.get('no-such-id')).rejects.toMatchObject({ status: 404 });
    const spans = telemetry.spans().filter((s) => s.kind === SpanKind.CLIENT);
    expect(spans.map((s) => [s.attributes['url.template'], s.attributes['http.response.status_code']])).toEqual([
      ['/xms/v1/{service_plan_id}/inbounds/{inbound_id}', 200],
      ['/xms/v1/{service_plan_id}/inbounds/{inbound_id}', 404],
    ]);
    expect(await telemetry.points('sinch.client.requests')).toEqual(
      expect.arrayContaining([{ attributes: { 'http.response.status_code': 404, 'sinch.client.retry': false }, value: 1 }]),
    );
  });

  it('records attempts that got no answer with error.type timeout, retried', async () => {
    sim.setFaults({ get: { stallRate: 1 } });
    const id = sim.inbounds()[0]!.id;
    await expect(client({ maxRetries: 1, timeoutMs: 50 }).get(id)).rejects.toBeInstanceOf(SinchTimeoutError);
    expect(await telemetry.points('sinch.client.requests')).toEqual([
      { attributes: { 'sinch.client.retry': false, 'error.type': 'timeout' }, value: 1 },
      { attributes: { 'sinch.client.retry': true, 'error.type': 'timeout' }, value: 1 },
    ]);
    const spans = telemetry.spans().filter((s) => s.kind === SpanKind.CLIENT);
    expect(spans.map((s) => [s.status.code, s.attributes['error.type'], s.events.map((e) => e.name)])).toEqual([
      [SpanStatusCode.ERROR, 'timeout', ['exception']],
      [SpanStatusCode.ERROR, 'timeout', ['exception']],
    ]);
  });

  it('nests client spans under the span that was current when the call was made', async () => {
    await telemetry.tracer.startActiveSpan('backfill', async (parent) => {
      await client().list();
      parent.end();
    });
    const spans = telemetry.spans();
    const parent = spans.find((s) => s.name === 'backfill')!;
    const request = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    expect(request.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });
});
