import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { createNodeHandler, createWebhookReceiver, silentLogger, verifyWebhook, type MoText } from '@sinch-inbounds/core';
import { fixtures, signedCallback } from '@sinch-inbounds/testing';

const secret = 'test-secret';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function receiverCounting() {
  const received: MoText[] = [];
  const receiver = createWebhookReceiver({ secret, logger: silentLogger });
  receiver.on('mo_text', (sms) => void received.push(sms));
  return { receiver, received };
}

test('signs a fixture as the JSON body Sinch would send, with headers that verify', () => {
  const signed = signedCallback(fixtures.moText, { secret, nonce: 'N-1', timestamp: 1_736_760_161 });
  expect(signed.method).toBe('POST');
  expect(signed.body).toBe(JSON.stringify(fixtures.moText));
  expect(signed.headers['content-type']).toBe('application/json');
  expect(signed.headers['x-sinch-webhook-signature-nonce']).toBe('N-1');
  expect(verifyWebhook({ secret, headers: signed.headers, body: signed.body, now: 1_736_760_161_000 }).ok).toBe(true);
  expect(verifyWebhook({ secret: 'other', headers: signed.headers, body: signed.body, now: 1_736_760_161_000 }).ok).toBe(false);
});

test('takes a raw body as given, byte for byte', () => {
  const body = '{ "type": "mo_text" }';
  expect(signedCallback(body, { secret }).body).toBe(body);
});

test('receiver.handle takes it as it is; the duplicate is answered as one and handled once', async () => {
  const { receiver, received } = receiverCounting();
  const signed = signedCallback(fixtures.moText, { secret });
  const first = await receiver.handle(signed);
  const again = await receiver.handle(signed.duplicate());
  expect([first.status, first.body]).toEqual([200, '{"status":"accepted"}']);
  expect([again.status, again.body]).toEqual([200, '{"status":"duplicate"}']);
  expect(received.map((sms) => sms.id)).toEqual([fixtures.moText.id]);
});

test('the duplicate is the same body signed afresh: a new nonce, so no replay refusal', () => {
  const signed = signedCallback(fixtures.moText, { secret, nonce: 'fixed', timestamp: new Date(Date.now() - 1000) });
  const duplicate = signed.duplicate();
  expect(duplicate.body).toBe(signed.body);
  expect(duplicate.headers['x-sinch-webhook-signature-nonce']).not.toBe('fixed');
  expect(duplicate.headers['x-sinch-webhook-signature']).not.toBe(signed.headers['x-sinch-webhook-signature']);
  expect(verifyWebhook({ secret, headers: duplicate.headers, body: duplicate.body }).ok).toBe(true);
});

test('fetch sends it over real HTTP as it is', async () => {
  const { receiver, received } = receiverCounting();
  const server = http.createServer(createNodeHandler(receiver)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sinch/callbacks`;

  const signed = signedCallback(fixtures.moText, { secret });
  const first = await fetch(url, signed);
  const again = await fetch(url, signed.duplicate());
  expect([first.status, await first.text()]).toEqual([200, '{"status":"accepted"}']);
  expect([again.status, await again.text()]).toEqual([200, '{"status":"duplicate"}']);
  expect(received).toHaveLength(1);
});
