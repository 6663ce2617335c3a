import { defaultLogger, type Logger } from '../logging/logger.js';
import { SinchConfigError } from './errors.js';
import { DEFAULT_AUTH_URL, isSinchRegion, OAUTH2_REGIONS, regionBaseUrl, SINCH_REGIONS, type SinchRegion } from './regions.js';
import type { RetryOptions, RetryPolicy } from './retry-policy.js';
import { defaultHttpSender, fetchSender, type FetchLike, type HttpSender } from './http-sender.js';

/**
 * Service plan credentials: the API token is sent as a bearer token. The fields take
 * `string | undefined` so that `process.env.SINCH_SERVICE_PLAN_ID` can be passed as it
 * is: an undefined or empty value is a {@link SinchConfigError} at construction that
 * names the option and the environment variable to set.
 */
export interface ServicePlanCredentials {
  /** Your service plan id (the `{service_plan_id}` of the REST paths), e.g. `process.env.SINCH_SERVICE_PLAN_ID`. */
  servicePlanId: string | undefined;
  /** The API token of that service plan, e.g. `process.env.SINCH_API_TOKEN`. */
  apiToken: string | undefined;
  projectId?: never;
  keyId?: never;
  keySecret?: never;
}

/**
 * Project access key credentials: OAuth2 client credentials (only in `us` and `eu`).
 * Like {@link ServicePlanCredentials}, each field takes an environment variable as it is.
 */
export interface ProjectCredentials {
  /** Your Sinch project id (the `{project_id}` of the REST paths), e.g. `process.env.SINCH_PROJECT_ID`. */
  projectId: string | undefined;
  /** The access key id, e.g. `process.env.SINCH_KEY_ID`. */
  keyId: string | undefined;
  /** The access key secret, e.g. `process.env.SINCH_KEY_SECRET`. */
  keySecret: string | undefined;
  servicePlanId?: never;
  apiToken?: never;
}

/** Everything but the credentials; every field has a default. */
export interface InboundsClientSettings {
  /** Sinch region (default `'us'`). OAuth2 credentials work only in `'us'` and `'eu'`. */
  region?: SinchRegion;
  /** API origin instead of the regional Sinch host, e.g. a simulator or a proxy (`/xms/v1/…` is appended). */
  baseUrl?: string;
  /** OAuth2 token endpoint (default `https://auth.sinch.com/oauth2/token`). */
  authUrl?: string;
  /**
   * A `fetch` to send requests with, e.g. one with a proxy dispatcher. By default the
   * client uses Node's `http`/`https` (keep-alive), which is cheaper per request, on
   * Node, and the global `fetch` in the web build (Workers, Deno, Bun, browsers).
   */
  fetch?: FetchLike;
  /** Time limit of each HTTP attempt, body included, in ms (default 30 000). */
  timeoutMs?: number;
  /** How many times a failed request is retried (429, 5xx, network error, timeout; default 3). */
  maxRetries?: number;
  /** Backoff timing (see {@link RetryOptions}). */
  retry?: RetryOptions;
  /**
   * How many pages `pages`/`iterate` request ahead of the one you are working on,
   * 0..8 (default 2). 0 fetches each page only when the previous one is done.
   */
  prefetchPages?: number;
  /** Where retries and token refreshes are reported (default: {@link defaultLogger}). Never given a secret. */
  logger?: Logger;
}

/** Options of `new InboundsClient(…)`: one kind of credentials plus settings. */
export type InboundsClientOptions = (ServicePlanCredentials | ProjectCredentials) & InboundsClientSettings;

/** Credentials after validation: discriminated by `type`. */
export type ResolvedCredentials =
  | { type: 'service_plan'; servicePlanId: string; apiToken: string }
  | { type: 'project'; projectId: string; keyId: string; keySecret: string };

/** Options checked and completed with defaults. */
export interface ResolvedClientOptions {
  credentials: ResolvedCredentials;
  region: SinchRegion;
  /** API origin (and optional path prefix), without a trailing slash. */
  baseUrl: string;
  authUrl: string;
  /** How one HTTP exchange is made: over the given `fetch`, or the build's default sender. */
  send: HttpSender;
  timeoutMs: number;
  policy: RetryPolicy;
  prefetchPages: number;
  logger: Logger;
}

const SERVICE_PLAN_KEYS = ['servicePlanId', 'apiToken'] as const;
// Anything but tab that a header value cannot hold: CR, LF, NUL, the other C0 controls, DEL.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const PROJECT_KEYS = ['projectId', 'keyId', 'keySecret'] as const;

/**
 * The environment variable each credential is usually read from (the names the READMEs,
 * the demos and Sinch's own SDK examples use), named in the error when it is missing.
 */
const CREDENTIAL_ENV: Readonly<Record<(typeof SERVICE_PLAN_KEYS)[number] | (typeof PROJECT_KEYS)[number], string>> = {
  servicePlanId: 'SINCH_SERVICE_PLAN_ID',
  apiToken: 'SINCH_API_TOKEN',
  projectId: 'SINCH_PROJECT_ID',
  keyId: 'SINCH_KEY_ID',
  keySecret: 'SINCH_KEY_SECRET',
};

/**
 * Validates constructor options so that every mistake surfaces at construction, not on
 * the first request. Messages name options, never their values (they may be secrets).
 *
 * @throws {SinchConfigError}
 */
export function resolveClientOptions(options: InboundsClientOptions): ResolvedClientOptions {
  if (options === null || typeof options !== 'object') {
    throw new SinchConfigError('options', 'InboundsClient needs an options object with { servicePlanId, apiToken } or { projectId, keyId, keySecret }');
  }
  const o = options as unknown as Record<string, unknown>;
  const credentials = resolveCredentials(o);
  const region = o.region ?? 'us';
  if (!isSinchRegion(region)) {
    throw new SinchConfigError('region', `region must be one of ${SINCH_REGIONS.map((r) => `"${r}"`).join(', ')}, got ${JSON.stringify(region)}`);
  }
  if (credentials.type === 'project' && !OAUTH2_REGIONS.includes(region)) {
    throw new SinchConfigError(
      'region',
      `project access keys (OAuth2) work only in regions "us" and "eu", not "${region}"; use { servicePlanId, apiToken } in that region`,
    );
  }
  const baseUrl = o.baseUrl === undefined ? regionBaseUrl(region, credentials.type === 'project') : readUrl(o, 'baseUrl');
  const authUrl = o.authUrl === undefined ? DEFAULT_AUTH_URL : readUrl(o, 'authUrl');
  if (o.fetch !== undefined && typeof o.fetch !== 'function') {
    throw new SinchConfigError('fetch', 'fetch must be a function with the signature of the global fetch');
  }
  const send = o.fetch === undefined ? defaultHttpSender : fetchSender(o.fetch as FetchLike);
  const timeoutMs = readNumber(o.timeoutMs, 'timeoutMs', 30_000, 1, false);
  const maxRetries = readNumber(o.maxRetries, 'maxRetries', 3, 0, true);
  if (maxRetries > 100) throw new SinchConfigError('maxRetries', 'maxRetries must be an integer from 0 to 100');
  const prefetchPages = readNumber(o.prefetchPages, 'prefetchPages', 2, 0, true);
  if (prefetchPages > 8) throw new SinchConfigError('prefetchPages', 'prefetchPages must be an integer from 0 to 8');
  const retry = (o.retry ?? {}) as Record<string, unknown>;
  if (retry === null || typeof retry !== 'object') throw new SinchConfigError('retry', 'retry must be an object');
  const baseDelayMs = readNumber(retry.baseDelayMs, 'retry.baseDelayMs', 250, 0, false);
  const maxDelayMs = readNumber(retry.maxDelayMs, 'retry.maxDelayMs', 20_000, 0, false);
  const logger = (o.logger ?? defaultLogger) as Logger;
  if (typeof logger !== 'object' || typeof logger.debug !== 'function' || typeof logger.warn !== 'function') {
    throw new SinchConfigError('logger', 'logger must have debug, info, warn and error methods');
  }
  return {
    credentials,
    region,
    baseUrl,
    authUrl,
    send,
    timeoutMs,
    policy: { maxRetries, baseDelayMs, maxDelayMs },
    prefetchPages,
    logger,
  };
}

function resolveCredentials(o: Record<string, unknown>): ResolvedCredentials {
  // A credential with a value decides the kind; one only named (`process.env.X` that is
  // unset gives `undefined`, or `''`) shows which kind was meant, so that its missing
  // variable can be named instead of a generic "missing credentials".
  const planGiven = SERVICE_PLAN_KEYS.filter((k) => hasValue(o[k]));
  const projectGiven = PROJECT_KEYS.filter((k) => hasValue(o[k]));
  if (planGiven.length > 0 && projectGiven.length > 0) {
    throw new SinchConfigError(
      [...planGiven, ...projectGiven].join(', '),
      `contradictory credentials: give either { servicePlanId, apiToken } or { projectId, keyId, keySecret }, not both (got ${[...planGiven, ...projectGiven].join(', ')})`,
    );
  }
  const planNamed = planGiven.length > 0 || SERVICE_PLAN_KEYS.some((k) => k in o);
  const projectNamed = projectGiven.length > 0 || PROJECT_KEYS.some((k) => k in o);
  const kind = planGiven.length > 0 ? 'plan' : projectGiven.length > 0 ? 'project' : planNamed !== projectNamed ? (planNamed ? 'plan' : 'project') : undefined;
  if (kind === undefined) {
    throw new SinchConfigError(
      'credentials',
      'missing credentials: give { servicePlanId, apiToken } (service plan; e.g. from SINCH_SERVICE_PLAN_ID and SINCH_API_TOKEN) ' +
        'or { projectId, keyId, keySecret } (OAuth2 project access key; e.g. from SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET)',
    );
  }
  const keys: readonly (keyof typeof CREDENTIAL_ENV)[] = kind === 'plan' ? SERVICE_PLAN_KEYS : PROJECT_KEYS;
  const missing = keys.filter((k) => isBlank(o[k]));
  if (missing.length > 0) {
    throw new SinchConfigError(
      missing.join(', '),
      `${missing.map((k) => `${k} is missing (set ${CREDENTIAL_ENV[k]})`).join('; ')}: ` +
        (kind === 'plan' ? 'service plan credentials need servicePlanId and apiToken' : 'project credentials need projectId, keyId and keySecret'),
    );
  }
  const bad = keys.filter((k) => typeof o[k] !== 'string');
  if (bad.length > 0) throw new SinchConfigError(bad.join(', '), `${bad.join(' and ')} must be non-empty strings`);
  // A line break (or other control character) cannot go into a header: every request
  // would fail as a network error, whose message may even carry the value. Usually a
  // secret read from a file with its trailing newline.
  const broken = keys.filter((k) => k !== 'servicePlanId' && k !== 'projectId' && CONTROL_CHARACTER.test(o[k] as string));
  if (broken.length > 0) {
    throw new SinchConfigError(
      broken.join(', '),
      `${broken.join(' and ')} must not contain a line break (CR or LF) or another control character; was it read from a file with its trailing newline?`,
    );
  }
  const owner = kind === 'plan' ? 'servicePlanId' : 'projectId';
  try {
    // The id goes into every path; an unpaired surrogate cannot be percent-encoded.
    encodeURIComponent(o[owner] as string);
  } catch {
    throw new SinchConfigError(owner, `${owner} contains an unpaired UTF-16 surrogate`);
  }
  return kind === 'plan'
    ? { type: 'service_plan', servicePlanId: o.servicePlanId as string, apiToken: o.apiToken as string }
    : { type: 'project', projectId: o.projectId as string, keyId: o.keyId as string, keySecret: o.keySecret as string };
}

/** Absent, `null`, or a string of only whitespace: what an unset or blank environment variable gives. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function hasValue(value: unknown): boolean {
  return !isBlank(value);
}

function readUrl(o: Record<string, unknown>, key: string): string {
  const value = o[key];
  let url: URL | undefined;
  if (typeof value === 'string') {
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new SinchConfigError(key, `${key} must be an absolute http(s) URL`);
  }
  if (url.search !== '' || url.hash !== '') throw new SinchConfigError(key, `${key} must not have a query or fragment`);
  return url.href.replace(/\/+$/, '');
}

// setTimeout fires at once for delays beyond 2^31-1 ms, so longer ones are refused.
const MAX_TIMER_MS = 2_147_483_647;

function readNumber(value: unknown, name: string, fallback: number, min: number, integer: boolean): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > MAX_TIMER_MS ||
    (integer && !Number.isInteger(value))
  ) {
    throw new SinchConfigError(name, `${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${MAX_TIMER_MS}`);
  }
  return value;
}
