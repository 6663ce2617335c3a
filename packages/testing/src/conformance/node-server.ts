import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConformanceServer } from './types.js';

/**
 * Serves a Node request listener — `createNodeHandler(receiver)`, an Express or Koa
 * app's callback — at 127.0.0.1 on a free port, for {@link adapterConformance}. `close()`
 * drops every connection still open, so a case never waits on a keep-alive socket.
 * `path` is the route the kit is pointed at.
 */
export async function serveNode(listener: http.RequestListener, path = '/sinch/callbacks'): Promise<ConformanceServer> {
  const server = http.createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
