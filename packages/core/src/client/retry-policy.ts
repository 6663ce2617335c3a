import type { RetryRule } from './attempt-outcome.js';

/** How failed requests are retried. Every field has a default. */
export interface RetryOptions {
  /** First backoff step in ms, doubled on each retry (default 250). */
  baseDelayMs?: number;
  /** Cap on any single wait in ms, including one asked for by `Retry-After` (default 20 000). */
  maxDelayMs?: number;
}

/** A {@link RetryOptions} with every default filled in. */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Statuses worth another try for an idempotent GET: rate limiting and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** The rule of idempotent requests (GETs, the token request): every failure but a final 4xx may be sent again. */
export const retryIdempotent: RetryRule = (outcome) => outcome.type !== 'answer' || isRetryableStatus(outcome.answer.status);

/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or
 * `undefined` when absent or unreadable. A date in the past means "now".
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only the formats RFC 9110 allows; Date.parse alone would accept almost anything.
  if (!/^[A-Za-z]{3},? /.test(trimmed) && !/^[A-Za-z]+day, /.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * How long to wait before retry number `retry` (0 = the first retry): "full jitter"
 * exponential backoff, so that many clients failing together do not retry together,
 * unless the server said when to come back; both capped by `maxDelayMs`.
 */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}
