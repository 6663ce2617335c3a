import { defaultLogger, type Logger } from '../logging/logger.js';
import { SinchConfigError } from './errors.js';
import { DEFAULT_AUTH_URL, isSinchRegion, OAUTH2_REGIONS, regionBaseUrl, SINCH_REGIONS, type SinchRegion } from './regions.js';
import type { RetryOptions, RetryPolicy } from './retry-policy.js';
import { defaultHttpSender, fetchSender, type FetchLike, type HttpSender } from './http-sender.js';

/** Service plan credentials: the API token is sent as a bearer token. */
export interface ServicePlanCredentials {
  /** Your service plan id (the `{service_plan_id}` of the REST paths). */
  servicePlanId: string;
  /** The API token of that service plan. */
  apiToken: string;
  projectId?: never;
  keyId?: never;
  keySecret?: never;
}

/** Project access key credentials: OAuth2 client credentials (only in `us` and `eu`). */
export interface ProjectCredentials {
  /** Your Sinch project id (the `{project_id}` of the REST paths). */
  projectId: string;
  /** The access key id. */
  keyId: string;
  /** The access key secret. */
  keySecret: string;
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
  const planGiven = SERVICE_PLAN_KEYS.filter((k) => o[k] !== undefined);
  const projectGiven = PROJECT_KEYS.filter((k) => o[k] !== undefined);
  if (planGiven.length > 0 && projectGiven.length > 0) {
    throw new SinchConfigError(
      [...planGiven, ...projectGiven].join(', '),
      `contradictory credentials: give either { servicePlanId, apiToken } or { projectId, keyId, keySecret }, not both (got ${[...planGiven, ...projectGiven].join(', ')})`,
    );
  }
  if (planGiven.length === 0 && projectGiven.length === 0) {
    throw new SinchConfigError(
      'credentials',
      'missing credentials: give { servicePlanId, apiToken } (service plan) or { projectId, keyId, keySecret } (OAuth2 project access key)',
    );
  }
  const keys: readonly string[] = planGiven.length > 0 ? SERVICE_PLAN_KEYS : PROJECT_KEYS;
  const missing = keys.filter((k) => o[k] === undefined);
  if (missing.length > 0) {
    throw new SinchConfigError(missing.join(', '), `missing ${missing.join(' and ')}: ${planGiven.length > 0 ? 'service plan credentials need servicePlanId and apiToken' : 'project credentials need projectId, keyId and keySecret'}`);
  }
  const bad = keys.filter((k) => typeof o[k] !== 'string' || (o[k] as string).trim() === '');
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
  const owner = planGiven.length > 0 ? 'servicePlanId' : 'projectId';
  try {
    // The id goes into every path; an unpaired surrogate cannot be percent-encoded.
    encodeURIComponent(o[owner] as string);
  } catch {
    throw new SinchConfigError(owner, `${owner} contains an unpaired UTF-16 surrogate`);
  }
  return planGiven.length > 0
    ? { type: 'service_plan', servicePlanId: o.servicePlanId as string, apiToken: o.apiToken as string }
    : { type: 'project', projectId: o.projectId as string, keyId: o.keyId as string, keySecret: o.keySecret as string };
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
