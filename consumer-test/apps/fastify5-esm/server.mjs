// A Fastify 5 app as an ES module, exactly as a user writes it after
// `npm i @sinch-inbounds/fastify fastify` (and `-D @sinch-inbounds/testing`): a signed
// callback reaches the handler and a JSON route next to the plugin still gets its parsed body.
import Fastify from 'fastify';
import { parseCallback } from '@sinch-inbounds/core';
import { createWebhookReceiver, InboundParseError, sinchWebhook } from '@sinch-inbounds/fastify';
import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';

const secret = 'consumer-secret';
const handled = [];
const receiver = createWebhookReceiver({ secret });
receiver.on('mo_text', (sms) => handled.push(`${sms.from}: ${sms.body}`));

const app = Fastify();
app.post('/api/echo', async (request) => request.body);
await app.register(sinchWebhook, { receiver });
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const body = JSON.stringify(fixtures.moText);
const response = await fetch(`${base}/sinch/callbacks`, { method: 'POST', headers: signedCallbackHeaders(body, { secret }), body });
const echo = await fetch(`${base}/api/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
const jsonRouteParsed = (await echo.json()).a === 1;
let sameErrorClass = false;
try {
  parseCallback('{');
} catch (error) {
  sameErrorClass = error instanceof InboundParseError;
}
await app.close();
console.log(JSON.stringify({ status: response.status, handled, sameErrorClass, jsonRouteParsed }));
