import { SpanKind } from '@opentelemetry/api';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWebhookReceiver, InboundsClient, silentLogger } from '@sinch-inbounds/core';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { setUpTelemetry } from './support.js';

let telemetry: ReturnType<typeof setUpTelemetry>;
let sim: SinchSimulator;

beforeEach(async () => {
  telemetry = setUpTelemetry();
  sim = await startSinchSimulator({ seed: 21 });
});

afterEach(async () => {
  await sim.close();
  await telemetry.close();
});

it('traces a reconcile run with its counts, its client requests and handler runs as children, and counts nothing as a webhook', async () => {
  sim.seed(3, () => ({ type: 'mo_text' }));
  const receiver = createWebhookReceiver({ secret: 'reconcile-secret', logger: silentLogger });
  receiver.on('mo_text', () => {});
  const client = new InboundsClient({ servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, logger: silentLogger });
  const report = await receiver.reconcile(client, { since: new Date(Date.now() - 24 * 3600_000) });
  expect(report.handled).toBe(3);

  const spans = telemetry.spans();
  const run = spans.find((s) => s.name === 'sinch.reconcile')!;
  expect(run.attributes).toMatchObject({ 'sinch.reconcile.seen': 3, 'sinch.reconcile.handled': 3, 'sinch.reconcile.duplicates': 0 });
  const requests = spans.filter((s) => s.kind === SpanKind.CLIENT);
  const handlers = spans.filter((s) => s.name === 'sinch.handler mo_text');
  expect(requests.length).toBeGreaterThanOrEqual(1);
  expect(handlers).toHaveLength(3);
  for (const child of [...requests, ...handlers]) expect(child.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
  expect(handlers.map((s) => s.attributes['sinch.callback.source'])).toEqual(['reconcile', 'reconcile', 'reconcile']);

  // Handler time is recorded; the webhook counter is not touched by a reconcile.
  expect(await telemetry.points('sinch.webhook.handler.duration')).toEqual([expect.objectContaining({ count: 3 })]);
  expect(await telemetry.points('sinch.webhook.callbacks')).toEqual([]);
});
