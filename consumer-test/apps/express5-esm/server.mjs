// An Express 5 app as an ES module, exactly as a user writes it after
// `npm i @sinch-inbounds/express express` (and `-D @sinch-inbounds/testing`).
import { createRequire } from 'node:module';
import express from 'express';
import { createWebhookReceiver, InboundParseError, sinchWebhook } from '@sinch-inbounds/express';
import { parseCallback } from '@sinch-inbounds/core';
import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';

const secret = 'consumer-secret';
const handled = [];
const receiver = createWebhookReceiver({ secret });
receiver.on('mo_text', (sms) => handled.push(`${sms.from}: ${sms.body}`));

const app = express();
app.post('/sinch/callbacks', sinchWebhook(receiver));
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));

const body = JSON.stringify(fixtures.moText);
const response = await fetch(`http://127.0.0.1:${server.address().port}/sinch/callbacks`, {
  method: 'POST',
  headers: signedCallbackHeaders(body, { secret }),
  body,
});
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
server.close();
console.log(JSON.stringify({ status: response.status, handled, sameErrorClass }));
