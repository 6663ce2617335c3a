import { parseArgs } from 'node:util';
import { validateWebhookUrl } from '../simulator/webhook-url.js';
import { DEFAULT_CLI_PORT } from './help.js';

/** The command line, validated. */
export interface CliOptions {
  help: boolean;
  host: string;
  port: number;
  servicePlanId?: string;
  apiToken?: string;
  projectId?: string;
  keyId?: string;
  keySecret?: string;
  tokenLifetimeSeconds?: number;
  webhook?: { url: string; secret?: string };
  maxAttempts?: number;
  timeScale: number;
  seedCount: number;
  seed?: number;
  send?: string;
  /** With `send`: deliver the same SMS (same message id) a second time, signed afresh, as Sinch redelivers. */
  duplicate: boolean;
  from?: string;
  to?: string;
}

/** A usage mistake: printed with a pointer to `--help`, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/**
 * Parses and checks `argv`.
 *
 * @throws {CliUsageError} naming the flag and what is wrong with it.
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string' },
        host: { type: 'string' },
        'service-plan-id': { type: 'string' },
        'api-token': { type: 'string' },
        'project-id': { type: 'string' },
        'key-id': { type: 'string' },
        'key-secret': { type: 'string' },
        'token-lifetime': { type: 'string' },
        webhook: { type: 'string' },
        secret: { type: 'string' },
        unsigned: { type: 'boolean' },
        'max-attempts': { type: 'string' },
        'time-scale': { type: 'string' },
        'seed-count': { type: 'string' },
        seed: { type: 'string' },
        send: { type: 'string' },
        duplicate: { type: 'boolean' },
        from: { type: 'string' },
        to: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const options: CliOptions = {
    help: values.help === true,
    host: values.host ?? '127.0.0.1',
    port: integer(values.port, '--port', 0, 65535) ?? DEFAULT_CLI_PORT,
    timeScale: number(values['time-scale'], '--time-scale') ?? 1,
    seedCount: integer(values['seed-count'], '--seed-count', 0, 10_000_000) ?? 0,
    duplicate: values.duplicate === true,
  };
  if (options.help) return options;
  copy(options, 'servicePlanId', nonEmpty(values['service-plan-id'], '--service-plan-id'));
  copy(options, 'apiToken', nonEmpty(values['api-token'], '--api-token'));
  copy(options, 'projectId', nonEmpty(values['project-id'], '--project-id'));
  copy(options, 'keyId', nonEmpty(values['key-id'], '--key-id'));
  copy(options, 'keySecret', nonEmpty(values['key-secret'], '--key-secret'));
  copy(options, 'tokenLifetimeSeconds', integer(values['token-lifetime'], '--token-lifetime', 1, 10_000_000));
  copy(options, 'maxAttempts', integer(values['max-attempts'], '--max-attempts', 1, 100));
  copy(options, 'seed', integer(values.seed, '--seed', 0, 2 ** 32 - 1));
  copy(options, 'send', values.send);
  copy(options, 'from', nonEmpty(values.from, '--from'));
  copy(options, 'to', nonEmpty(values.to, '--to'));

  const secret = values.secret;
  if (values.webhook !== undefined) {
    try {
      validateWebhookUrl(values.webhook);
    } catch (error) {
      throw new CliUsageError(`--webhook: ${(error as Error).message}`);
    }
    if (secret === undefined && values.unsigned !== true) {
      throw new CliUsageError(
        '--webhook needs --secret <s>, the callback signing secret your app verifies (as configured on your Sinch account), ' +
          'or --unsigned to send callbacks without signatures',
      );
    }
    if (secret !== undefined && values.unsigned === true) throw new CliUsageError('--secret and --unsigned contradict each other; pick one');
    if (secret === '') throw new CliUsageError('--secret must not be empty');
    options.webhook = secret === undefined ? { url: values.webhook } : { url: values.webhook, secret };
  } else if (secret !== undefined || values.unsigned === true) {
    throw new CliUsageError(`${secret !== undefined ? '--secret' : '--unsigned'} only makes sense with --webhook <url>`);
  }
  if (options.send !== undefined && options.webhook === undefined) {
    throw new CliUsageError('--send needs --webhook <url> (where to send the test SMS)');
  }
  if (options.duplicate && options.send === undefined) {
    throw new CliUsageError('--duplicate needs --send <text> (while the simulator runs, type /again to send the last SMS again)');
  }
  if (!(options.timeScale >= 0)) throw new CliUsageError('--time-scale must be a number ≥ 0');
  return options;
}

function copy<K extends keyof CliOptions>(target: CliOptions, key: K, value: CliOptions[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function integer(raw: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new CliUsageError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function number(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new CliUsageError(`${flag} must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

function nonEmpty(raw: string | undefined, flag: string): string | undefined {
  if (raw === '') throw new CliUsageError(`${flag} must not be empty`);
  return raw;
}
