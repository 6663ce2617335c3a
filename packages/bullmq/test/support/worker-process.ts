import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { WebChildConfig, WorkerChildConfig, WorkerChildMessage } from './worker-child-protocol.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const source = (name: string): string => fileURLToPath(new URL(`../../../${name}/src/index.ts`, import.meta.url));

/**
 * Bundles a child process (`worker-child` or `web-child`) from the workspace sources into
 * this package's node_modules, where bullmq and ioredis resolve.
 */
export async function buildWorkerChild(entry: 'worker-child' | 'web-child' = 'worker-child'): Promise<string> {
  const outDir = `${packageDir}node_modules/.worker-child`;
  mkdirSync(outDir, { recursive: true });
  const outfile = `${outDir}/${entry}.mjs`;
  await build({
    entryPoints: [fileURLToPath(new URL(`./${entry}.ts`, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['bullmq', 'ioredis'],
    alias: { '@sinch-inbounds/core': source('core'), '@sinch-inbounds/redis': source('redis') },
    logLevel: 'error',
  });
  return outfile;
}

/** A running worker process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The port a web process listens on (from its `ready` message). */
  port: number | undefined;
  /** Every `handled` message so far, in order. */
  readonly handled: string[];
  /** Resolves with the first message of `type`. */
  next<T extends WorkerChildMessage['type']>(type: T): Promise<Extract<WorkerChildMessage, { type: T }>>;
  /** `kill -9`, resolved once it is gone. */
  kill(): Promise<void>;
}

/** Starts a worker (or web) process and waits until it runs. */
export async function startWorkerProcess(bundle: string, config: WorkerChildConfig | WebChildConfig): Promise<WorkerProcess> {
  const child = fork(bundle, [], { env: { ...process.env, SINCH_WORKER_CONFIG: JSON.stringify(config) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const seen: WorkerChildMessage[] = [];
  const waiting: { type: string; resolve: (message: WorkerChildMessage) => void }[] = [];
  const handled: string[] = [];
  child.on('message', (message: WorkerChildMessage) => {
    if (message.type === 'handled') {
      handled.push(message.id);
      return;
    }
    const i = waiting.findIndex((w) => w.type === message.type);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(message);
    else seen.push(message);
  });
  const worker: WorkerProcess = {
    child,
    port: undefined,
    handled,
    next(type) {
      const i = seen.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0] as never);
      return new Promise((resolve) => waiting.push({ type, resolve: resolve as (message: WorkerChildMessage) => void }));
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    },
  };
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`))));
  exited.catch(() => {});
  worker.port = (await Promise.race([worker.next('ready'), exited])).port;
  return worker;
}
