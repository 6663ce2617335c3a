import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { serveNode } from './node-server.js';
import type { ConformanceServer } from './types.js';

/**
 * Serves a web-standard fetch handler — `receiver.fetch`, a Hono app's `fetch`, a
 * Next.js route handler — on Node's HTTP server at 127.0.0.1 on a free port, with the
 * request body streamed (not buffered) into the `Request`, as @hono/node-server and
 * Next.js do. For running {@link adapterConformance} on a fetch-style adapter under Node;
 * `path` is the route the kit is pointed at.
 */
export function serveFetch(handler: (request: Request) => Response | Promise<Response>, path = '/sinch/callbacks'): Promise<ConformanceServer> {
  return serveNode((req, res) => void bridge(handler, req, res), path);
}

async function bridge(handler: (request: Request) => Response | Promise<Response>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const one of value) headers.append(name, one);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const aborted = new AbortController();
  req.once('close', () => {
    if (!req.complete) aborted.abort();
  });
  try {
    const response = await handler(
      new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
        signal: aborted.signal,
        duplex: 'half',
      } as RequestInit),
    );
    const body = Buffer.from(await response.arrayBuffer());
    if (res.destroyed) return;
    const head: string[] = [];
    response.headers.forEach((value, name) => head.push(name, value));
    res.writeHead(response.status, head);
    res.end(body);
  } catch {
    if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
  }
}
