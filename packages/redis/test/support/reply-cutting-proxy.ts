import { connect, createServer, type Socket } from 'node:net';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterEach, beforeEach } from 'vitest';
import { clientKinds, type ClientKind, type TestClient } from './clients.js';

/** A TCP proxy in front of a redis-server that can lose the reply to one command. */
export interface ReplyCuttingProxy {
  /** `redis://127.0.0.1:PORT` of the proxy, for a client's `url`. */
  readonly url: string;
  /**
   * Arms a cut: the next command whose bytes contain `marker` is forwarded to Redis (so
   * Redis runs it), and when its reply comes back the connection is cut instead — both
   * sides destroyed, the reply never relayed. Resolves once the cut happened.
   */
  cutReplyTo(marker: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a {@link ReplyCuttingProxy} on 127.0.0.1 (a free port) in front of the Redis
 * listening on `redisPort`: a network blip, an idle reset or a failover proxy as a
 * client sees them — the command ran, its answer is lost.
 */
export async function startReplyCuttingProxy(redisPort: number): Promise<ReplyCuttingProxy> {
  let armed: { marker: string; cut: () => void } | undefined;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(redisPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    let cutOnReply: (() => void) | undefined;
    client.on('data', (chunk: Buffer) => {
      if (armed !== undefined && chunk.includes(armed.marker)) {
        cutOnReply = armed.cut;
        armed = undefined;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cutOnReply !== undefined) {
        client.destroy();
        upstream.destroy();
        cutOnReply();
        return;
      }
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  return {
    url: `redis://127.0.0.1:${address.port}`,
    cutReplyTo(marker) {
      return new Promise<void>((resolve) => (armed = { marker, cut: resolve }));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A client of `kind` talking to a redis-server of its own through a {@link ReplyCuttingProxy}. */
export interface ClientBehindProxy {
  readonly proxy: ReplyCuttingProxy;
  readonly client: TestClient;
  /** The redis-server's own URL, for a connection that bypasses the proxy. */
  readonly redisUrl: string;
}

/**
 * Gives each test of the calling `describe` a redis-server of its own, a
 * {@link ReplyCuttingProxy} in front of it and a client of `kind` through the proxy, all
 * closed after the test. Read the returned getter inside tests (it changes per test).
 */
export function clientBehindProxyPerTest(kind: ClientKind): () => ClientBehindProxy {
  let redis: TestRedisServer;
  let current: ClientBehindProxy;
  beforeEach(async () => {
    redis = await startRedisServer();
    const proxy = await startReplyCuttingProxy(redis.port);
    current = { proxy, client: await clientKinds[kind](proxy.url), redisUrl: redis.url };
  });
  afterEach(async () => {
    await current.client.quit();
    await current.proxy.close();
    await redis.close();
  });
  return () => current;
}
