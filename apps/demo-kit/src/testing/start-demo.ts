import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A demo app under test: its folder (holding the built `dist/main.js`) and how it is named. */
export interface DemoApp {
  /** The framework, as the page names it: `"Express"`, `"NestJS"`. */
  framework: string;
  /** The app's folder, e.g. `new URL('../', import.meta.url)` from its `test/`. */
  dir: URL;
  /** The file name of its screenshot in the repository's `docs/`, e.g. `"express-inbox.png"`. */
  screenshot: string;
}

/** A demo process started from its built entry, as `pnpm start` would. */
export interface RunningDemo {
  /** The inbox URL the demo printed. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code. */
  stop(signal?: 'SIGTERM' | 'SIGINT'): Promise<number | null>;
}

// Variables that would switch the demo to Sinch mode must not leak in from the shell.
const SINCH_VARIABLES = ['SINCH_SERVICE_PLAN_ID', 'SINCH_API_TOKEN', 'SINCH_REGION', 'SINCH_WEBHOOK_SECRET', 'SINCH_BASE_URL'];

/** The environment of a demo run: the caller's, minus Sinch credentials, plus `extra`. */
export function demoEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SINCH_VARIABLES) delete env[name];
  // Nest colours its log lines even into a pipe; plain text is what the tests read.
  return { ...env, NO_COLOR: '1', ...extra };
}

/**
 * Runs the app's `dist/main.js` in `cwd` (default the app folder: where it reads `.env`);
 * resolves with its exit code and output.
 */
export function runDemo(app: DemoApp, extra: Record<string, string>, cwd: string = fileURLToPath(app.dir)): Promise<{ code: number | null; output: string }> {
  const child = spawnDemo(app, extra, cwd);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

// Generous: the machine is shared and may be busy; this only bounds a broken start.
const START_TIMEOUT_MS = 60_000;

/**
 * Starts the demo (on a free port, in simulator mode unless `extra` sets the `SINCH_*`
 * variables) and resolves once it has printed its URL.
 */
export function startDemo(app: DemoApp, extra: Record<string, string> = {}): Promise<RunningDemo> {
  const child = spawnDemo(app, { PORT: '0', ...extra });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo printed no URL within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Open (http:\/\/\S+) to see the inbox/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.on('data', (more: Buffer) => (output += more.toString()));
      resolve({
        url: match[1]!,
        output: () => output,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before printing its URL:\n${output}`));
    });
  });
}

function spawnDemo(app: DemoApp, extra: Record<string, string>, cwd = fileURLToPath(app.dir)): ChildProcess {
  return spawn(process.execPath, [fileURLToPath(new URL('dist/main.js', app.dir))], { cwd, env: demoEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
}
