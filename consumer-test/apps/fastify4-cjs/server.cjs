// A Fastify 4 app in CommonJS, exactly as a user writes it after
// `npm i @sinch-inbounds/fastify fastify@4` (and `-D @sinch-inbounds/testing`): a signed
// callback reaches the handler, a JSON route next to the plugin still gets its parsed
// body, and the conformance kit runs with no test runner at all (a plain loop).
const Fastify = require('fastify');
const { createWebhookReceiver, InboundParseError, sinchWebhook } = require('@sinch-inbounds/fastify');
const { parseCallback } = require('@sinch-inbounds/core');
const { adapterConformance, fixtures, signedCallbackHeaders } = require('@sinch-inbounds/testing');

async function main() {
  const secret = 'consumer-secret';
  const handled = [];
  const receiver = createWebhookReceiver({ secret });
  receiver.on('mo_text', (sms) => handled.push(`${sms.from}: ${sms.body}`));

  const app = Fastify();
  app.post('/api/echo', async (request) => request.body);
  app.register(sinchWebhook, { receiver });
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

  const conformanceFailures = [];
  for (const c of adapterConformance({
    start: async (kitReceiver) => {
      const kitApp = Fastify();
      kitApp.register(sinchWebhook, { receiver: kitReceiver });
      const url = await kitApp.listen({ port: 0, host: '127.0.0.1' });
      return { url: `${url}/sinch/callbacks`, close: () => kitApp.close() };
    },
  })) {
    await c.run().catch((error) => conformanceFailures.push(`${c.name}: ${error.message}`));
  }
  console.log(JSON.stringify({ status: response.status, handled, sameErrorClass, jsonRouteParsed, conformanceFailures }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
