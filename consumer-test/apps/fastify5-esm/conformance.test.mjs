// The conformance kit from the packed testing package under node:test, the runner with
// no install: `node --test conformance.test.mjs`.
import { test } from 'node:test';
import Fastify from 'fastify';
import { sinchWebhook } from '@sinch-inbounds/fastify';
import { adapterConformance } from '@sinch-inbounds/testing';

for (const c of adapterConformance({
  start: async (receiver) => {
    const app = Fastify();
    await app.register(sinchWebhook, { receiver });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: `${url}/sinch/callbacks`, close: () => app.close() };
  },
})) {
  test(c.name, c.run);
}
