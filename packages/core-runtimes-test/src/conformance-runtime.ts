// Runs the adapter conformance kit inside Bun or Deno against that runtime's own HTTP
// server (Bun.serve / Deno.serve) answering with receiver.fetch — directly, or through a
// Hono app routed like the README's example. The kit's client side uses the runtime's
// node:http and node:net. It reports which cases passed; the Node test judges the list.
import { Hono } from 'hono';
import type { WebhookReceiver } from '@sinch-inbounds/core';
import { adapterConformance, type ConformanceServer } from '@sinch-inbounds/testing';

type FetchHandler = (request: Request) => Response | Promise<Response>;

declare const Bun: { serve(options: { port: number; hostname: string; fetch: FetchHandler }): { port: number; stop(force: boolean): void } } | undefined;
declare const Deno:
  | {
      serve(options: { port: number; hostname: string; onListen?: () => void }, handler: FetchHandler): { addr: { port: number }; shutdown(): Promise<void> };
      args: string[];
    }
  | undefined;

const PATH = '/sinch/callbacks';

function serve(fetch: FetchHandler): ConformanceServer {
  if (typeof Bun !== 'undefined') {
    const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch });
    return { url: `http://127.0.0.1:${server.port}${PATH}`, close: async () => server.stop(true) };
  }
  if (typeof Deno !== 'undefined') {
    const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => {} }, fetch);
    return { url: `http://127.0.0.1:${server.addr.port}${PATH}`, close: () => server.shutdown() };
  }
  throw new Error('run me with bun or deno');
}

/** The README's Hono example, with the kit's receiver instead of one built from the environment. */
function honoApp(receiver: WebhookReceiver): FetchHandler {
  const app = new Hono();
  app.all(PATH, (c) => receiver.fetch(c.req.raw));
  return app.fetch;
}

const shape = (typeof Deno !== 'undefined' ? Deno.args[0] : process.argv[2]) ?? 'fetch';
const passed: string[] = [];
const failed: string[] = [];
for (const c of adapterConformance({ start: async (receiver) => serve(shape === 'hono' ? honoApp(receiver) : (request) => receiver.fetch(request)) })) {
  await c.run().then(
    () => passed.push(c.name),
    (error: unknown) => failed.push(`${c.name}: ${error instanceof Error ? error.message : String(error)}`),
  );
}
console.log(JSON.stringify({ passed, failed }));
