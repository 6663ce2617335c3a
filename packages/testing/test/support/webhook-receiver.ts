import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the test receiver got. */
export interface ReceivedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

/** A real local HTTP server standing in for a user's webhook endpoint. */
export interface TestReceiver {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a receiver on 127.0.0.1:0 that records every request and answers with the
 * status `respond(n)` gives for the n-th request (0-based); 200 by default.
 */
export async function startReceiver(respond: (n: number) => number = () => 200): Promise<TestReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = received.length;
      received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      res.writeHead(respond(n), { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sinch`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
