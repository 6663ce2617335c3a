import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RestHandler } from './request-handler.js';

/** The simulator's HTTP server, listening. */
export interface RestServer {
  /** Base URL, e.g. `http://127.0.0.1:40123` (an IPv6 address in brackets). */
  url: string;
  /** Ends stalled answers and open connections; resolves once the server is closed. */
  close(): Promise<void>;
}

/**
 * Serves `handler` on `host`:`port` (0 picks a free port).
 *
 * @throws {Error} with `code: 'EADDRINUSE'` when the port is taken, `EADDRNOTAVAIL` or
 * `ENOTFOUND` for a host it cannot listen on.
 */
export async function serveRest(handler: RestHandler, host: string, port: number): Promise<RestServer> {
  const server = createServer(handler.listener);
  await listen(server, host, port);
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        handler.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(Object.assign(new Error(`port ${port} on ${host} is already in use; choose another port (0 picks a free one)`), { code: error.code }));
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(Object.assign(new Error(`cannot listen on host ${JSON.stringify(host)}: ${error.message}`), { code: error.code }));
      } else {
        reject(error);
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
