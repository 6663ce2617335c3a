import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWebhookReceiver, silentLogger, type WebhookReceiver } from '@sinch-inbounds/core';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { serve, setUpTelemetry } from './support.js';

const SECRET = 'otel-test-secret';

let telemetry: ReturnType<typeof setUpTelemetry>;
let sim: SinchSimulator;
let receiver: WebhookReceiver;
let server: Awaited<ReturnType<typeof serve>>;

beforeEach(async () => {
  telemetry = setUpTelemetry();
  receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
  receiver.on('delivery_report', () => {});
  server = await serve(receiver);
  sim = await startSinchSimulator({ webhook: { url: server.url, secret: SECRET }, timeScale: 0.0005, seed: 5 });
});

afterEach(async () => {
  await sim.close();
  await server.close();
  await telemetry.close();
});

it('counts accepted per-recipient delivery reports by status, once each, an undocumented status as _OTHER', async () => {
  const report = (status: string, code: number) => ({ type: 'recipient_delivery_report_sms' as const, batch_id: 'B1', recipient: '12015555555', status, code });
  const sent = [];
  for (const [status, code] of [['Queued', 400], ['Dispatched', 401], ['Delivered', 0], ['Teleported', 999]] as const) {
    const s = await sim.sendCallback(report(status, code));
    expect((await s.delivery)?.outcome).toBe('delivered');
    sent.push(s);
  }
  // A redelivered report is a duplicate: not counted again.
  expect((await sim.redeliver(sent[2]!.id)).outcome).toBe('delivered');
  // A batch summary has no single status: not counted here.
  await (await sim.sendCallback({ type: 'delivery_report_sms', batch_id: 'B1' })).delivery;

  const type = { 'sinch.callback.type': 'recipient_delivery_report_sms' };
  expect(await telemetry.points('sinch.delivery_reports')).toEqual(
    expect.arrayContaining([
      { attributes: { 'sinch.delivery.status': 'Queued', ...type }, value: 1 },
      { attributes: { 'sinch.delivery.status': 'Dispatched', ...type }, value: 1 },
      { attributes: { 'sinch.delivery.status': 'Delivered', ...type }, value: 1 },
      { attributes: { 'sinch.delivery.status': '_OTHER', ...type }, value: 1 },
    ]),
  );
  expect(await telemetry.points('sinch.delivery_reports')).toHaveLength(4);
  const span = telemetry.spans().find((s) => s.attributes['sinch.delivery.status'] === 'Teleported');
  expect(span?.attributes['sinch.callback.id']).toBe('B1');
});
