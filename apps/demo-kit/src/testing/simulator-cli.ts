import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A `sinch-simulator` process, as a user runs it next to their app. */
export interface SimulatorCli {
  /** The REST API origin it printed (`baseUrl:`). */
  baseUrl: string;
  /** The service plan id it printed. */
  servicePlanId: string;
  /** The API token it printed. */
  apiToken: string;
  /** Types a line, which the simulator sends to the webhook as an SMS; resolves with the `delivered …` line it then prints. */
  type(line: string): Promise<string>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends SIGINT (Ctrl+C) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

// Generous: the machine is shared and may be busy; this only bounds a broken start.
const TIMEOUT_MS = 60_000;

/** The built binary the testing package declares as `sinch-simulator`. */
function simulatorBin(): string {
  const manifest = createRequire(import.meta.url).resolve('@sinch-inbounds/testing/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin['sinch-simulator']!);
}

/**
 * Starts `sinch-simulator` with `args` in its own process and resolves once it has printed
 * its banner (the credentials to give the app).
 */
export function startSimulatorCli(args: readonly string[]): Promise<SimulatorCli> {
  const child = spawn(process.execPath, [simulatorBin(), '--port', '0', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  /** Resolves with the first match of `pattern` in the output after `from`. */
  const waitFor = (pattern: RegExp, from = 0): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(output.slice(from));
        if (match === null) return;
        done();
        resolve(match);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`sinch-simulator printed no ${pattern} within ${TIMEOUT_MS / 1000} s:\n${output}`));
      }, TIMEOUT_MS);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      void exited.then(() => {
        if (!waiters.has(check)) return;
        done();
        reject(new Error(`sinch-simulator exited before printing ${pattern}:\n${output}`));
      });
      check();
    });

  return waitFor(/Type a line/).then(async (): Promise<SimulatorCli> => {
    const field = async (name: string): Promise<string> => (await waitFor(new RegExp(`^  ${name}: +(\\S+)$`, 'm')))[1]!;
    return {
      baseUrl: await field('baseUrl'),
      servicePlanId: await field('servicePlanId'),
      apiToken: await field('apiToken'),
      type: async (line) => {
        const from = output.length;
        child.stdin.write(`${line}\n`);
        return (await waitFor(/^(?:delivered|dropped|failed to deliver|could not send).*$/m, from))[0];
      },
      output: () => output,
      stop: () => {
        child.kill('SIGINT');
        return exited;
      },
    };
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
}
