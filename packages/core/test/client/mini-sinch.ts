import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the mini server received, body read in full. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How the mini server answers one request: after it has read the whole body. */
export type Responder = (req: ReceivedRequest, res: ServerResponse) => void;

/**
 * An independent HTTP server on 127.0.0.1:0 standing in for Sinch: it answers each
 * request with the next responder given (the last one repeats), after reading the
 * body, and records every request. Independent of the simulator, so the client's wire
 * format is checked against what Sinch documents, not against our own implementation.
 */
export interface MiniSinch {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a {@link MiniSinch} answering with `responders` in turn. */
export async function startMiniSinch(...responders: Responder[]): Promise<MiniSinch> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      const responder = responders[Math.min(requests.length - 1, responders.length - 1)]!;
      responder(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers `status` with a JSON body and extra headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Responder {
  return (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
}

/** Cuts the connection after reading the request, without a status line. */
export const reset: Responder = (_, res) => res.socket?.destroy();

/** Reads the request and never answers (the client's timeout ends it). */
export const silence: Responder = () => {};

/** A free port on 127.0.0.1 with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
