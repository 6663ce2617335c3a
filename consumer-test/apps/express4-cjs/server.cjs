// An Express 4 app in CommonJS, exactly as a user writes it after
// `npm i @sinch-inbounds/express express@4` (and `-D @sinch-inbounds/testing`), driven by
// the simulator like the Express 5 one.
const { once } = require('node:events');
const express = require('express');
const { createWebhookReceiver, InboundParseError, InboundsClient, sinchWebhook } = require('@sinch-inbounds/express');
const { parseCallback } = require('@sinch-inbounds/core');
const { fixtures, signWebhook, startSinchSimulator } = require('@sinch-inbounds/testing');

async function main() {
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

  let sameErrorClass = false;
  try {
    parseCallback('{');
  } catch (error) {
    sameErrorClass = error instanceof InboundParseError;
  }
  await sim.close();
  server.close();
  console.log(JSON.stringify({ delivered, duplicate, handled, unsigned, forged, listed: listed.includes(inbound.id), sameErrorClass }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
