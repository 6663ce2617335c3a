import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /**
   * Turns the append-only file on with this `appendfsync` (`'always'`: every
   * acknowledged write is on disk), so `crash()` then `start()` reloads what was
   * written. Default: no persistence at all.
   */
  appendOnly?: 'always' | 'everysec';
}

/** A `redis-server` started by {@link startRedisServer}: its own port and directory. */
export interface TestRedisServer {
  /** `redis://127.0.0.1:PORT`, for a client's `url`. */
  readonly url: string;
  /** The loopback port it listens on. */
  readonly port: number;
  /** Stops the server (SIGTERM; without `appendOnly` nothing is saved: its memory is gone). */
  stop(): Promise<void>;
  /** Kills the server (`kill -9`: no shutdown, no last save). */
  crash(): Promise<void>;
  /** Starts it again on the same port and directory: empty, or reloading its append-only file. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

/**
 * Starts a throwaway `redis-server` (from `PATH`) on a free loopback port, with its own
 * temporary directory and no persistence, and resolves once it answers PING: for tests
 * of apps that share dedupe and replay memory through `@sinch-inbounds/redis`. Stop it
 * with `close()`; `stop()` and `start()` simulate an outage (it comes back empty).
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<TestRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sinch-redis-'));
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--loglevel', 'warning'],
        ...(options.appendOnly === undefined ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', options.appendOnly]),
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<never>((_, reject) => {
      child?.once('error', (error) => reject(new Error(`could not start redis-server (is it installed?): ${error.message}`)));
      child?.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
    exited.catch(() => {});
    await Promise.race([waitForPing(port), exited]);
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await gone;
  };
  const stop = (): Promise<void> => end('SIGTERM');
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    crash: () => end('SIGKILL'),
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForPing(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await ping(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      answer += data.toString();
      if (answer.includes('\r\n')) {
        socket.end();
        resolve(answer.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(answer.startsWith('+PONG')));
  });
}
