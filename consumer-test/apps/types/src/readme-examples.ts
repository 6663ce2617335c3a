// The packages' README examples, as a user pastes them into a strict TypeScript project.
import http from 'node:http';
import express from 'express';
import {
  createNodeHandler,
  createWebhookReceiver,
  InboundsClient,
  isKnownCallback,
  isReadableInbound,
  parseCallback,
  verifyWebhook,
  type WebhookHeaders,
} from '@sinch-inbounds/core';
import { sinchWebhook, type MoText, type WebhookReceiverError } from '@sinch-inbounds/express';
import { createRecordingLogger, fixtures, signedCallbackHeaders, startSinchSimulator } from '@sinch-inbounds/testing';

declare const headers: WebhookHeaders;
declare const rawBody: string;
declare const signal: AbortSignal;
declare function reply(status: number): void;

// core README: the receiver on node:http
export function receive(): void {
  const receiver = createWebhookReceiver({ secret: process.env.SINCH_WEBHOOK_SECRET });
  receiver.on('mo_text', async (sms) => console.log(`${sms.from}: ${sms.body}`));
  receiver.on('error', (err: WebhookReceiverError) => console.error(err.kind));
  http.createServer(createNodeHandler(receiver)).listen(3000);
}

// express README quick start
export function expressApp(): void {
  const receiver = createWebhookReceiver({ secret: process.env.SINCH_WEBHOOK_SECRET });
  receiver.on('mo_text', async (sms: MoText) => console.log(`${sms.from}: ${sms.body}`));
  express().post('/sinch/callbacks', sinchWebhook(receiver)).listen(3000);
}

// core README: the client
export async function backfill(servicePlanId: string, apiToken: string, inboundId: string): Promise<void> {
  const client = new InboundsClient({ servicePlanId, apiToken, region: 'eu' });
  const page = await client.list({ pageSize: 50, to: '+12017777777' });
  console.log(page.count);
  for await (const msg of client.iterate({ startDate: '2024-06-01T00:00:00Z', signal })) {
    if (!isReadableInbound(msg)) continue;
    console.log(msg.id, msg.received_at, msg.type === 'mo_text' ? msg.body : msg.type);
  }
  const one = await client.get(inboundId, { signal });
  console.log(one.id);
}

// core README: parse and verify by hand
export function byHand(): void {
  const check = verifyWebhook({ secret: process.env.SINCH_WEBHOOK_SECRET!, headers, body: rawBody });
  if (!check.ok) return reply(401);
  const cb = parseCallback(rawBody);
  if (isKnownCallback(cb)) {
    switch (cb.type) {
      case 'mo_text': console.log(cb.from, cb.body, cb.received_at.toISOString()); break;
      case 'mo_media': cb.body.media?.forEach((m) => console.log(m.url, m.status)); break;
    }
  }
}

// testing README: in a test
export async function simulator(): Promise<void> {
  const sim = await startSinchSimulator({
    webhook: { url: 'http://127.0.0.1:3000/sinch/callbacks', secret: 's3cret' },
    timeScale: 0.001,
  });
  const { inbound } = await sim.send({ body: 'Hello 👋', from: '+46701234567' });
  const record = await sim.waitForDelivery(inbound.id);
  console.log(record.outcome, record.attempts);
  const client = new InboundsClient({ baseUrl: sim.url, servicePlanId: sim.servicePlanId, apiToken: sim.apiToken });
  const page = await client.list({ to: inbound.to });
  console.log(page.inbounds.length);
  sim.seed(100_000);
  await sim.close();
}

// testing README: fixtures
export async function fixture(): Promise<void> {
  const body = JSON.stringify(fixtures.moMedia);
  const signed = signedCallbackHeaders(body, { secret: 'test-secret' });
  await fetch('http://127.0.0.1:3000/sinch/callbacks', { method: 'POST', headers: signed, body });
  const logger = createRecordingLogger();
  console.log(logger.text());
}
