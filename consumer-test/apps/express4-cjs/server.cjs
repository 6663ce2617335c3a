// An Express 4 app in CommonJS, exactly as a user writes it after
// `npm i @sinch-inbounds/express express@4` (and `-D @sinch-inbounds/testing`).
const express = require('express');
const { createWebhookReceiver, InboundParseError, sinchWebhook } = require('@sinch-inbounds/express');
const { parseCallback } = require('@sinch-inbounds/core');
const { fixtures, signedCallbackHeaders } = require('@sinch-inbounds/testing');

async function main() {
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
  let sameErrorClass = false;
  try {
    parseCallback('{');
  } catch (error) {
    sameErrorClass = error instanceof InboundParseError;
  }
  server.close();
  console.log(JSON.stringify({ status: response.status, handled, sameErrorClass }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
