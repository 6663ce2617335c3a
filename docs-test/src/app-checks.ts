import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fixtures, signedCallback } from '@sinch-inbounds/testing';
import { freePort, startApp } from './run-app.js';

/** Runs one compiled README app in its folder; throws saying what did not work. */
export type AppCheck = (dir: string) => Promise<void>;

/** The secret a README app is started with (`SINCH_WEBHOOK_SECRET`). */
export const TEST_SECRET = 'docs-test-secret';

/** Options of {@link receivesSignedSms}. */
export interface ReceivesSignedSmsOptions {
  /** The compiled entry point, e.g. `src/app.js`. */
  entry: string;
  /** The webhook's path; `/sinch/callbacks` by default. */
  path?: string;
  /** More environment (besides `PORT` and `SINCH_WEBHOOK_SECRET`), computed when the check runs. */
  env?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Also check that a GET is answered 405, as the status contract says. */
  getIs405?: boolean;
  /** Something else the app must print while it runs (e.g. a reconcile report). */
  prints?: RegExp;
}

/**
 * A webhook app: started with a free `PORT` and the test's `SINCH_WEBHOOK_SECRET`, it
 * must accept a signed SMS and run its handler (which prints the SMS body), answer the
 * same SMS again as a duplicate without printing it twice, and refuse an unsigned one.
 */
export function receivesSignedSms(options: ReceivesSignedSmsOptions): AppCheck {
  return async (dir) => {
    const port = await freePort();
    const env = { PORT: String(port), SINCH_WEBHOOK_SECRET: TEST_SECRET, ...(await options.env?.()) };
    const app = startApp(dir, options.entry, env);
    try {
      await app.waitForPort(port);
      const url = `http://127.0.0.1:${port}${options.path ?? '/sinch/callbacks'}`;
      // The handler shows it ran by printing the SMS's body or its id.
      const text = `docs-test ${Math.random().toString(36).slice(2)}`;
      const id = `01DOCSTEST${Date.now()}`;
      const signed = signedCallback({ ...fixtures.moText, id, body: text }, { secret: TEST_SECRET });

      await expectAnswer(app.output, 'a signed SMS', await fetch(url, signed), 200, '{"status":"accepted"}');
      await app.waitForOutput(new RegExp(`${text}|${id}`));
      await expectAnswer(app.output, 'the same SMS again', await fetch(url, signed.duplicate()), 200, '{"status":"duplicate"}');
      const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: signed.body });
      await expectAnswer(app.output, 'an unsigned SMS', unsigned, 401);
      if (options.getIs405 === true) await expectAnswer(app.output, 'a GET', await fetch(url), 405);
      if (options.prints !== undefined) await app.waitForOutput(options.prints);
      // Lines the handler printed: the library's own log lines ("sinch webhook: …", which
      // may name the id, e.g. of the duplicate) are not the handler's.
      const printed = app
        .output()
        .split('\n')
        .filter((line) => (line.includes(text) || line.includes(id)) && !line.includes('sinch webhook:')).length;
      if (printed !== 1) throw new Error(`the handler printed the SMS ${printed} times, not once; the app printed:\n${app.output()}`);
    } finally {
      await app.stop();
    }
  };
}

async function expectAnswer(output: () => string, what: string, response: Response, status: number, body?: string): Promise<void> {
  const text = await response.text();
  if (response.status !== status || (body !== undefined && text !== body)) {
    throw new Error(`${what} was answered ${response.status} ${text}, expected ${status}${body === undefined ? '' : ` ${body}`}; the app printed:\n${output()}`);
  }
}

/** Options of {@link exitsLoudly}. */
export interface ExitsLoudlyOptions {
  entry: string;
  env: () => Promise<Record<string, string>> | Record<string, string>;
  /** It must have exited (non-zero) by then. */
  withinMs: number;
  /** What its output must say. */
  says: RegExp;
}

/** An app that must stop at start-up, non-zero and saying why, e.g. with its Redis down. */
export function exitsLoudly(options: ExitsLoudlyOptions): AppCheck {
  return async (dir) => {
    const started = Date.now();
    const app = startApp(dir, options.entry, { SINCH_WEBHOOK_SECRET: TEST_SECRET, PORT: String(await freePort()), ...(await options.env()) });
    const timer = setTimeout(() => void app.stop(), options.withinMs);
    const code = await app.exited;
    clearTimeout(timer);
    const took = Date.now() - started;
    if (took >= options.withinMs) throw new Error(`still running after ${options.withinMs} ms; it printed:\n${app.output()}`);
    if (code === 0) throw new Error(`exited 0, expected a failure; it printed:\n${app.output()}`);
    if (!options.says.test(app.output())) throw new Error(`exited ${code} without saying ${String(options.says)}; it printed:\n${app.output()}`);
  };
}

/** An app of test files (`*.test.ts`): vitest runs them, and every test must pass. */
export function testsPass(files: readonly string[]): AppCheck {
  return async (dir) => {
    const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
    // Filters name the TypeScript files, not the JavaScript tsc emitted beside them.
    const child = spawn(process.execPath, [vitest, 'run', '--root', dir, ...files], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`vitest exited ${code}:\n${output}`);
    if (!/Tests\s+\S*\d+ passed/.test(output)) throw new Error(`vitest ran no test:\n${output}`);
  };
}
