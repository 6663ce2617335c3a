import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fixtures, signedCallback } from '@sinch-inbounds/testing';
import { freePort, startApp, type RunningApp } from './run-app.js';

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
      const apps = new Map([[options.entry, app]]);
      await handlesSignedSmsOnce(`http://127.0.0.1:${port}${options.path ?? '/sinch/callbacks'}`, apps, app, options.getIs405 === true);
      if (options.prints !== undefined) await app.waitForOutput(options.prints);
    } finally {
      await app.stop();
    }
  };
}

/** Options of {@link webAndWorkerReceiveSignedSms}. */
export interface WebAndWorkerOptions {
  /** The compiled entry point of the web app, which serves the webhook and enqueues, e.g. `src/web.js`. */
  web: string;
  /** The compiled entry point of the worker app, which runs the handlers from the queue, e.g. `src/worker.js`. */
  worker: string;
  /** More environment for both (e.g. `REDIS_URL`), computed when the check runs. */
  env?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Also check that the web app answers a GET with 405, as the status contract says. */
  getIs405?: boolean;
  /**
   * Start the worker with `SINCH_WEBHOOK_SECRET` too, for a worker that builds the same
   * receiver as the web app; by default it gets none, as a `processOnly` worker needs none.
   */
  workerReadsSecret?: boolean;
}

/**
 * A web app and a worker app sharing a queue, as two processes: the web app (a free
 * `PORT`, the test's `SINCH_WEBHOOK_SECRET`) must accept a signed SMS, the worker's
 * handler (no `PORT`: it serves no webhook) must print it, once between the
 * two, the web app must answer the same SMS again as a duplicate and refuse an unsigned
 * one; then each must exit on SIGTERM, within 3 s, by itself.
 */
export function webAndWorkerReceiveSignedSms(options: WebAndWorkerOptions): AppCheck {
  return async (dir) => {
    const port = await freePort();
    const env = (await options.env?.()) ?? {};
    const secret = { SINCH_WEBHOOK_SECRET: TEST_SECRET };
    const worker = startApp(dir, options.worker, { ...(options.workerReadsSecret === true ? secret : {}), ...env });
    const web = startApp(dir, options.web, { PORT: String(port), ...secret, ...env });
    const apps = new Map([
      [options.web, web],
      [options.worker, worker],
    ]);
    try {
      await web.waitForPort(port);
      await handlesSignedSmsOnce(`http://127.0.0.1:${port}/sinch/callbacks`, apps, worker, options.getIs405 === true);
      const ended = await Promise.all([...apps].map(async ([entry, app]) => [entry, await app.stop()] as const));
      // 0, or the signal itself: Nest's shutdown hooks raise it again once the app is closed.
      const unclean = ended.filter(([, how]) => how !== 0 && how !== 'SIGTERM');
      if (unclean.length > 0) {
        const said = unclean.map(([entry, how]) => `${entry} ${how === 'SIGKILL' ? 'was still running 3 s after SIGTERM' : `exited ${String(how)} on SIGTERM`}`);
        throw new Error(`${said.join(', ')}; ${printedBy(apps)}`);
      }
    } finally {
      await Promise.all([web.stop(), worker.stop()]);
    }
  };
}

/**
 * Posts a signed SMS to `url`, the same SMS again and an unsigned one (and a GET, if
 * `getIs405`), and checks the answers; `handler` (one of `apps`, by entry point) must
 * print the SMS, and `apps` between them must print it once.
 */
async function handlesSignedSmsOnce(url: string, apps: ReadonlyMap<string, RunningApp>, handler: RunningApp, getIs405: boolean): Promise<void> {
  const output = (): string => printedBy(apps);
  // The handler shows it ran by printing the SMS's body or its id.
  const text = `docs-test ${Math.random().toString(36).slice(2)}`;
  const id = `01DOCSTEST${Date.now()}`;
  const signed = signedCallback({ ...fixtures.moText, id, body: text }, { secret: TEST_SECRET });

  await expectAnswer(output, 'a signed SMS', await fetch(url, signed), 200, '{"status":"accepted"}');
  await handler.waitForOutput(new RegExp(`${text}|${id}`));
  await expectAnswer(output, 'the same SMS again', await fetch(url, signed.duplicate()), 200, '{"status":"duplicate"}');
  const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: signed.body });
  await expectAnswer(output, 'an unsigned SMS', unsigned, 401);
  if (getIs405) await expectAnswer(output, 'a GET', await fetch(url), 405);
  // Lines the handler printed: the library's own log lines ("sinch webhook: …", which
  // may name the id, e.g. of the duplicate) are not the handler's.
  const printed = [...apps.values()]
    .flatMap((app) => app.output().split('\n'))
    .filter((line) => (line.includes(text) || line.includes(id)) && !line.includes('sinch webhook:')).length;
  if (printed !== 1) throw new Error(`the handler printed the SMS ${printed} times, not once; ${output()}`);
}

/** What the apps printed, for an error message: "the app printed: …", or each by its entry point. */
function printedBy(apps: ReadonlyMap<string, RunningApp>): string {
  const [only, ...more] = apps.values();
  if (only !== undefined && more.length === 0) return `the app printed:\n${only.output()}`;
  return [...apps].map(([entry, app]) => `${entry} printed:\n${app.output()}`).join('\n');
}

async function expectAnswer(output: () => string, what: string, response: Response, status: number, body?: string): Promise<void> {
  const text = await response.text();
  if (response.status !== status || (body !== undefined && text !== body)) {
    throw new Error(`${what} was answered ${response.status} ${text}, expected ${status}${body === undefined ? '' : ` ${body}`}; ${output()}`);
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
