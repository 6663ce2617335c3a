// The plugin on Fastify 5 and Fastify 4 held to the adapter contract — alone, and next to
// each thing an app commonly registers that could read or answer for its body.
import { Readable } from 'node:stream';
import formbody9 from '@fastify/formbody';
import { adapterConformance, type StartAdapter } from '@sinch-inbounds/testing';
import rawBody5 from 'fastify-raw-body';
import formbody7 from 'formbody7';
import rawBody4 from 'rawbody4';
import { describe, it } from 'vitest';
import { sinchWebhook } from '../src/index.js';
import { FASTIFIES, listen, type FastifyFactory } from './helpers.js';
import type { FastifyInstance } from 'fastify';

/** Something an app registers before the webhook plugin, on one Fastify major. */
type Neighbour = (app: FastifyInstance, major: string) => Promise<void> | void;

const NEIGHBOURS: Record<string, Neighbour> = {
  'nothing else': () => undefined,
  'a global JSON parser of its own (addContentTypeParser)': (app) => {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, { parsedBy: 'app', body }));
  },
  'a global catch-all parser that reads every body': (app) => {
    app.addContentTypeParser('*', (_req, payload, done) => {
      let size = 0;
      payload.on('data', (chunk: Buffer) => (size += chunk.length));
      payload.on('end', () => done(null, size));
    });
  },
  '@fastify/formbody': (app, major) => void app.register(major === 'fastify 4' ? formbody7 : formbody9),
  'a global preHandler hook that reads request.body': (app) => {
    app.addHook('preHandler', async (request) => {
      request.log.debug({ body: request.body }, 'seen');
    });
  },
  'a rawBody plugin (fastify-raw-body, global)': (app, major) => void app.register((major === 'fastify 4' ? rawBody4 : rawBody5) as never, { global: true }),
};

describe.each(FASTIFIES)('%s: the plugin meets the adapter contract', (major, fastify: FastifyFactory) => {
  describe.each(Object.entries(NEIGHBOURS))('next to %s', (name, neighbour) => {
    const start: StartAdapter = async (receiver) => {
      const app = fastify();
      await neighbour(app, major);
      await app.register(sinchWebhook, { receiver });
      return listen(app);
    };
    // The kit's opt-in case: a global preParsing hook that reads every body and keeps no
    // copy. Not next to a rawBody plugin: it would keep a copy of what is left (nothing).
    const consumedBody: StartAdapter = async (receiver) => {
      const app = fastify();
      await neighbour(app, major);
      app.addHook('preParsing', async (_request, _reply, payload) => {
        for await (const _chunk of payload) void _chunk;
        return Readable.from([]);
      });
      await app.register(sinchWebhook, { receiver });
      return listen(app);
    };
    const keepsRawBody = name.startsWith('a rawBody plugin');
    for (const c of adapterConformance({ start, ...(keepsRawBody ? {} : { consumedBody }) })) it(c.name, c.run);
  });
});
