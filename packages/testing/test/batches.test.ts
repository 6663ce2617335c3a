import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createNodeHandler,
  createWebhookReceiver,
  InboundsClient,
  SinchApiError,
  SinchNetworkError,
  silentLogger,
  verifyWebhook,
  type RecipientDeliveryReport,
  type WebhookReceiver,
} from '@sinch-inbounds/core';
import { startSinchSimulator, type SimulatorOptions, type SinchSimulator } from '../src/index.js';
import { startReceiver, type TestReceiver } from './support/webhook-receiver.js';

const SECRET = 'reply-loop-secret';

let sim: SinchSimulator | undefined;
let server: Server | undefined;
let plain: TestReceiver | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  if (server !== undefined) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
  await plain?.close();
  plain = undefined;
});

/** A core receiver on a real socket, recording every recipient delivery report its handler got. */
async function serveReceiver(): Promise<{ url: string; receiver: WebhookReceiver; reports: RecipientDeliveryReport[] }> {
  const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
  const reports: RecipientDeliveryReport[] = [];
  receiver.on('recipient_delivery_report_sms', (report) => {
    reports.push(report);
  });
  server = http.createServer(createNodeHandler(receiver));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sinch/callbacks`, receiver, reports };
}

async function setup(options: SimulatorOptions = {}, webhookUrl?: string): Promise<{ sim: SinchSimulator; client: InboundsClient }> {
  sim = await startSinchSimulator({ seed: 11, timeScale: 0.001, ...(webhookUrl === undefined ? {} : { webhook: { url: webhookUrl, secret: SECRET } }), ...options });
  const client = new InboundsClient({
    servicePlanId: sim.servicePlanId,
    apiToken: sim.apiToken,
    baseUrl: sim.url,
    logger: silentLogger,
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
  });
  return { sim, client };
}

describe('reply → simulator → signed delivery reports → receiver', () => {
  it('delivers Queued, Dispatched, Delivered to the handlers, correlated by batch id and client reference', async () => {
    const { url, reports } = await serveReceiver();
    const { sim, client } = await setup({}, url);
    const { inbound } = await sim.send({ from: '12015555555', to: '12017777777', body: 'Is my order ready?' });
    const batch = await client.reply(inbound as never, 'Yes, pick it up today', { clientReference: inbound.id });
    expect(sim.sent()).toEqual([expect.objectContaining({ id: batch.id, from: '12017777777', to: ['12015555555'], body: 'Yes, pick it up today', delivery_report: 'per_recipient' })]);

    const deliveries = await sim.waitForDeliveryReports(batch.id);
    expect(deliveries.map((d) => d.outcome)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(reports.map((r) => [r.batch_id, r.client_reference, r.recipient, r.status, r.code])).toEqual([
      [batch.id, inbound.id, '12015555555', 'Queued', 400],
      [batch.id, inbound.id, '12015555555', 'Dispatched', 401],
      [batch.id, inbound.id, '12015555555', 'Delivered', 0],
    ]);
    const report = await client.getDeliveryReport(batch.id, { type: 'full' });
    expect(report).toEqual({
      type: 'delivery_report_sms',
      batch_id: batch.id,
      total_message_count: 1,
      statuses: [{ code: 0, status: 'Delivered', count: 1, recipients: ['12015555555'] }],
      client_reference: inbound.id,
    });
  });

  it('fails the numbers configured to fail: Aborted before the SMSC by default, or as told', async () => {
    const { url, reports } = await serveReceiver();
    const { sim, client } = await setup({ failingRecipients: { '+46700000001': {} } }, url);
    sim.failRecipient('46700000002', { status: 'Failed', code: 11 });
    const batch = await client.sendText({ from: 'Acme', to: ['+46700000001', '46700000002', '46700000003'], body: 'Hello' });
    await sim.waitForDeliveryReports(batch.id);
    const by = (n: string) => reports.filter((r) => r.recipient === n).map((r) => `${r.status}/${r.code}`);
    expect(by('+46700000001')).toEqual(['Queued/400', 'Aborted/402']);
    expect(by('46700000002')).toEqual(['Queued/400', 'Dispatched/401', 'Failed/11']);
    expect(by('46700000003')).toEqual(['Queued/400', 'Dispatched/401', 'Delivered/0']);
    const summary = await client.getDeliveryReport(batch.id);
    expect(summary.statuses).toEqual(
      expect.arrayContaining([
        { code: 402, status: 'Aborted', count: 1 },
        { code: 11, status: 'Failed', count: 1 },
        { code: 0, status: 'Delivered', count: 1 },
      ]),
    );
  });

  it('retries a report the webhook failed, as it does inbounds, and keeps the order', async () => {
    plain = await startReceiver((n) => (n === 1 ? 503 : 200));
    const { sim, client } = await setup({}, plain.url);
    const batch = await client.sendText({ from: '12017777777', to: '12015555555', body: 'Hi' });
    const deliveries = await sim.waitForDeliveryReports(batch.id);
    expect(deliveries[1]!.attempts.map((a) => a.status)).toEqual([503, 200]);
    const statuses = plain.received.map((r) => JSON.parse(r.body.toString()).status);
    expect(statuses).toEqual(['Queued', 'Dispatched', 'Dispatched', 'Delivered']);
    for (const r of plain.received) expect(verifyWebhook({ secret: SECRET, headers: r.headers, body: r.body }).ok).toBe(true);
  });

  it("posts to the batch's own callback URL, and only what the batch asked for", async () => {
    plain = await startReceiver();
    const { sim, client } = await setup({}, 'http://127.0.0.1:9/never');
    const finalOnly = await client.sendText({ from: '1', to: '12015555555', body: 'a', callbackUrl: plain.url, deliveryReport: 'per_recipient_final' });
    const summary = await client.sendText({ from: '1', to: ['12015555555', '12015555556'], body: 'b', callbackUrl: plain.url, deliveryReport: 'full' });
    const none = await client.sendText({ from: '1', to: '12015555555', body: 'c', callbackUrl: plain.url, deliveryReport: 'none' });
    await Promise.all([finalOnly, summary, none].map((b) => sim.waitForDeliveryReports(b.id)));
    const bodies = plain.received.map((r) => JSON.parse(r.body.toString()) as Record<string, unknown>);
    expect(bodies.filter((b) => b.batch_id === finalOnly.id).map((b) => b.status)).toEqual(['Delivered']);
    expect(bodies.filter((b) => b.batch_id === summary.id)).toEqual([
      { batch_id: summary.id, statuses: [{ code: 0, count: 2, status: 'Delivered', recipients: ['12015555555', '12015555556'] }], total_message_count: 2, type: 'delivery_report_sms' },
    ]);
    expect(bodies.filter((b) => b.batch_id === none.id)).toEqual([]);
  });
});

describe('POST /batches, validated as Sinch does', () => {
  it.each([
    ['not JSON', '{', 'syntax_invalid_json'],
    ['not an object', '[]', 'syntax_invalid_json'],
    ['no recipients', '{"from":"1","to":[],"body":"x"}', 'syntax_constraint_violation'],
    ['a recipient that is no number', '{"from":"1","to":["abc"],"body":"x"}', 'syntax_invalid_parameter_format'],
    ['no from', '{"to":["12015555555"],"body":"x"}', 'syntax_constraint_violation'],
    ['no body', '{"from":"1","to":["12015555555"]}', 'syntax_constraint_violation'],
    ['an unknown delivery_report', '{"from":"1","to":["12015555555"],"body":"x","delivery_report":"all"}', 'syntax_invalid_parameter_format'],
    ['a callback_url that is no URL', '{"from":"1","to":["12015555555"],"body":"x","callback_url":"nope"}', 'syntax_invalid_parameter_format'],
    ['a binary batch', '{"from":"1","to":["12015555555"],"body":"x","type":"mt_binary"}', 'syntax_constraint_violation'],
  ])('answers 400 with Sinch error shape for %s, and sends nothing', async (_, body, code) => {
    const { sim } = await setup();
    const res = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.apiToken}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer.code).toBe(code);
    expect(typeof answer.text).toBe('string');
    expect(sim.sent()).toEqual([]);
  });

  it('needs the bearer token, and answers 404 for an unknown batch report', async () => {
    const { sim, client } = await setup();
    const res = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/batches`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(((await client.getDeliveryReport('01NOSUCHBATCH').catch((e: unknown) => e)) as SinchApiError).status).toBe(404);
  });

  it('a rate-limited send is retried after Retry-After and sent exactly once', async () => {
    const { sim, client } = await setup({ faults: { batches: { rateLimitRate: 1, retryAfterSeconds: 0, maxFaults: 1 } } });
    const batch = await client.sendText({ from: '1', to: '12015555555', body: 'once' });
    expect(sim.requests().filter((r) => r.route === 'batches').map((r) => r.status)).toEqual([429, 201]);
    expect(sim.sent().map((b) => b.id)).toEqual([batch.id]);
  });

  it('lets faults refuse a send (no batch) or cut the answer of one that was sent (never resent)', async () => {
    const { sim, client } = await setup({ faults: { batches: { errorRate: 1, maxFaults: 1 } } });
    expect(((await client.sendText({ from: '1', to: '12015555555', body: 'x' }).catch((e: unknown) => e)) as SinchApiError).status).toBe(503);
    expect(sim.sent()).toEqual([]);
    sim.setFaults({ batches: { dropRate: 1, dropAt: 'body', maxFaults: 1 } });
    expect(await client.sendText({ from: '1', to: '12015555555', body: 'y' }).catch((e: unknown) => e)).toBeInstanceOf(SinchNetworkError);
    expect(sim.sent().map((b) => b.body)).toEqual(['y']);
    expect(sim.requests().filter((r) => r.route === 'batches')).toHaveLength(2);
  });
});
