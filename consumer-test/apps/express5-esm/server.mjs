// An Express 5 app as an ES module, exactly as a user writes it after
// `npm i @sinch-inbounds/express express` (and `-D @sinch-inbounds/testing`), driven by the
// simulator: a signed delivery, Sinch's redelivery of it, an unsigned and a forged
// callback, and the message read back through the inbounds client.
import { once } from 'node:events';
import { createRequire } from 'node:module';
import express from 'express';
import { createWebhookReceiver, InboundParseError, InboundsClient, sinchWebhook } from '@sinch-inbounds/express';
import { parseCallback } from '@sinch-inbounds/core';
import { fixtures, signWebhook, startSinchSimulator } from '@sinch-inbounds/testing';

const secret = 'consumer-secret';
const handled = [];
const receiver = createWebhookReceiver({ secret });
receiver.on('mo_text', (sms) => handled.push(`${sms.from}: ${sms.body}`));

const app = express();
app.post('/sinch/callbacks', sinchWebhook(receiver));
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const url = `http://127.0.0.1:${server.address().port}/sinch/callbacks`;

const sim = await startSinchSimulator({ webhook: { url, secret }, timeScale: 0.001 });
const { inbound } = await sim.send({ from: '12015555555', body: 'Hello John!' });
const delivered = (await sim.waitForDelivery(inbound.id)).attempts.map((a) => a.status);
const duplicate = (await sim.redeliver(inbound.id)).attempts.map((a) => a.status);
const body = JSON.stringify(fixtures.moText);
const post = (headers) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const unsigned = (await post({})).status;
const forged = (await post(signWebhook({ secret: 'not-the-secret', body }))).status;
const client = new InboundsClient({ baseUrl: sim.url, servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, maxRetries: 0 });
const listed = (await client.list({ to: inbound.to })).inbounds.map((item) => item.id);

// One class across packages: the error core throws is the one express re-exports.
let sameErrorClass = false;
try {
  parseCallback('{');
} catch (error) {
  sameErrorClass = error instanceof InboundParseError;
}
// And the same class whether core is imported or required (one copy of core's code).
const required = createRequire(import.meta.url)('@sinch-inbounds/core');
sameErrorClass &&= required.InboundParseError === InboundParseError;
await sim.close();
server.close();
console.log(JSON.stringify({ delivered, duplicate, handled, unsigned, forged, listed: listed.includes(inbound.id), sameErrorClass }));
