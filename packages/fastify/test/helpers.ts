import type { AddressInfo } from 'node:net';
import fastify5, { type FastifyInstance } from 'fastify';
import fastify4 from 'fastify4';

/** Builds a Fastify app with its logger off. */
export type FastifyFactory = () => FastifyInstance;

/**
 * Both Fastify majors the plugin supports, tested alike. Fastify 4 is typed as 5: the
 * parts used here have the same shape.
 */
export const FASTIFIES: readonly (readonly [string, FastifyFactory])[] = [
  ['fastify 5', () => fastify5({ logger: false })],
  ['fastify 4', () => fastify4({ logger: false }) as unknown as FastifyInstance],
];

/** Starts `app` on 127.0.0.1:0; `close()` ends it and every connection it still has. */
export async function listen(app: FastifyInstance, path = '/sinch/callbacks'): Promise<{ url: string; base: string; close: () => Promise<void> }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
