import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, request, Agent, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ChildConfig, ChildMessage, ParentMessage } from './child-protocol.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const source = (name: string): string => fileURLToPath(new URL(`../../../${name}/src/index.ts`, import.meta.url));

/**
 * Bundles the receiver process (or another child entry in this folder, e.g.
 * `reconcile-child`) from the workspace sources (as the tests see them), into this
 * package's node_modules so `express`, `redis` and `ioredis` resolve as installed.
 */
export async function buildReceiverChild(entry = 'receiver-child'): Promise<string> {
  const outDir = `${packageDir}node_modules/.scale-out`;
  mkdirSync(outDir, { recursive: true });
  const outfile = `${outDir}/${entry}.mjs`;
  await build({
    entryPoints: [fileURLToPath(new URL(`./${entry}.ts`, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['express', 'redis', 'ioredis'],
    alias: {
      '@sinch-inbounds/core': source('core'),
      '@sinch-inbounds/express': source('express'),
      '@sinch-inbounds/redis': source('redis'),
    },
    logLevel: 'error',
  });
  return outfile;
}

/** One running receiver process. */
export interface Instance {
  readonly index: number;
  readonly child: ChildProcess;
  readonly port: number;
  /** Ids this instance's handler finished, in order. */
  readonly handled: string[];
  /** Ids whose handler started and hangs (the HANG body). */
  readonly started: string[];
  /** What it logged at info, warn or error. */
  readonly logs: { level: string; message: string }[];
  alive: boolean;
  /** `kill -9`. */
  kill(): Promise<void>;
  /** Lets every handler held by a `HOLD` body finish. */
  release(): void;
}

/** Starts a receiver process on a free port and waits until it listens. */
export async function startInstance(bundle: string, index: number, config: ChildConfig): Promise<Instance> {
  const child = fork(bundle, [], { env: { ...process.env, SINCH_CHILD_CONFIG: JSON.stringify(config) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const instance = {
    index,
    child,
    port: 0,
    handled: [] as string[],
    started: [] as string[],
    logs: [] as { level: string; message: string }[],
    alive: true,
    release() {
      child.send({ type: 'release' } satisfies ParentMessage);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    },
  };
  child.on('exit', () => (instance.alive = false));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`receiver process ${index} exited with ${code} before listening`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'listening') resolve(message.port);
      else if (message.type === 'handled') instance.handled.push(message.id);
      else if (message.type === 'started') instance.started.push(message.id);
      else if (message.type === 'log') instance.logs.push({ level: message.level, message: message.message });
    });
  });
  instance.port = port;
  return instance;
}

/** The round-robin proxy in front of the instances. */
export interface Proxy {
  readonly url: string;
  /** Why each request that could not reach its instance failed (answered 502). */
  readonly errors: string[];
  /** Sends the next request that carries no pin to `index`. */
  pinNext(index: number): void;
  close(): Promise<void>;
}

/** Header that sends one request to a given instance (a redelivery to a *different* one). */
export const PIN_HEADER = 'x-test-instance';

/**
 * A small round-robin HTTP proxy, as a load balancer would be: each request goes to the
 * next live instance, or to the one named in {@link PIN_HEADER}. A target that cannot be
 * reached is answered 502, as a real balancer does.
 */
export async function startProxy(instances: readonly Instance[]): Promise<Proxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  let pinned: number | undefined;
  const errors: string[] = [];
  const server: Server = createServer((req, res) => {
    const pin = req.headers[PIN_HEADER];
    let target: Instance | undefined;
    if (typeof pin === 'string') target = instances[Number(pin)];
    else if (pinned !== undefined) {
      target = instances[pinned];
      pinned = undefined;
    } else {
      for (let tries = 0; tries < instances.length && target === undefined; tries++) {
        const candidate = instances[next++ % instances.length]!;
        if (candidate.alive) target = candidate;
      }
    }
    if (target === undefined) {
      res.writeHead(502).end();
      return;
    }
    const port = target.port;
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      errors.push(`instance ${port}: ${error.message}`);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  return {
    url: `http://127.0.0.1:${address.port}/sinch/callbacks`,
    errors,
    pinNext(index) {
      pinned = index;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}
