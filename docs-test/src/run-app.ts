import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';

/** A README app started as its own Node process, as a user would start it. */
export interface RunningApp {
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves when its output matches `pattern`; rejects when it exits first or `timeoutMs` passes. */
  waitForOutput(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  /** Resolves when `port` accepts a connection; rejects when the app exits first. */
  waitForPort(port: number, timeoutMs?: number): Promise<void>;
  /** Resolves with its exit code (or the signal that ended it) once it exits. */
  exited: Promise<number | NodeJS.Signals>;
  /**
   * SIGTERM, then SIGKILL after 3 s; resolves once it is gone, with its exit code or the
   * signal that ended it (`SIGKILL`: SIGTERM did not), or `undefined` if it had exited before.
   */
  stop(): Promise<number | NodeJS.Signals | undefined>;
}

/** A TCP port nothing listens on right now, for an app that reads `PORT`. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `node <entry>` in `dir` with `env` added to this process's environment. */
export function startApp(dir: string, entry: string, env: Record<string, string>): RunningApp {
  const child: ChildProcess = spawn(process.execPath, [join(dir, entry)], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal ?? 'SIGKILL');
      for (const listener of listeners) listener();
    });
  });
  let gone = false;
  void exited.then(() => (gone = true));

  return {
    output: () => output,
    exited,
    waitForOutput(pattern, timeoutMs = 15_000) {
      const matches = (): boolean => (typeof pattern === 'string' ? output.includes(pattern) : pattern.test(output));
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (matches()) done(resolve);
          else if (gone) done(() => reject(new Error(`the app exited before printing ${String(pattern)}; it printed:\n${output}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`the app did not print ${String(pattern)} within ${timeoutMs} ms; it printed:\n${output}`))), timeoutMs);
        const done = (then: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          then();
        };
        listeners.add(check);
        check();
      });
    },
    async waitForPort(port, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      // Nothing tells from outside when an app starts listening: try to connect until it does.
      for (;;) {
        if (gone) throw new Error(`the app exited before listening on port ${port}; it printed:\n${output}`);
        if (await accepts(port)) return;
        if (Date.now() > deadline) throw new Error(`the app did not listen on port ${port} within ${timeoutMs} ms; it printed:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      if (gone) return undefined;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      const ended = await exited;
      clearTimeout(timer);
      return ended;
    },
  };
}

async function accepts(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}
