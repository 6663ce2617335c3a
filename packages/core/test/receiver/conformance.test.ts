// Core's own two entries — the Node handler and the web fetch() entry — held to the
// adapter contract every framework adapter is held to, over real HTTP.
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { adapterConformance, type ConformanceServer } from '@sinch-inbounds/testing';
import { describe, it } from 'vitest';
import { createNodeHandler, type WebhookReceiver } from '../../src/index.js';

async function listen(listener: http.RequestListener): Promise<ConformanceServer> {
  const server = http.createServer(listener).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sinch/callbacks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The smallest bridge from Node's request to a web `Request` and back, as a server like @hono/node-server does. */
function fetchOnNode(receiver: WebhookReceiver) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
      duplex: 'half',
    } as RequestInit);
    void receiver.fetch(request).then(async (response) => {
      res.writeHead(response.status, [...response.headers].flat());
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  };
}

describe('node:http (createNodeHandler) meets the adapter contract', () => {
  for (const c of adapterConformance({ start: (receiver) => listen(createNodeHandler(receiver)) })) it(c.name, c.run);
});

describe('the web fetch() entry on Node meets the adapter contract', () => {
  for (const c of adapterConformance({ start: (receiver) => listen(fetchOnNode(receiver)) })) it(c.name, c.run);
});
