import type { AttemptOutcome } from './attempt-outcome.js';
import { parseRetryAfter } from './retry-policy.js';

/**
 * Network error codes that mean no connection to the server ever existed, so not one
 * byte of the request left this process: refused (`ECONNREFUSED`), the name did not
 * resolve (`ENOTFOUND`, `EAI_AGAIN`), or undici's connect phase timed out
 * (`UND_ERR_CONNECT_TIMEOUT`). Node's `http` and undici's `fetch` both report them as
 * `code` on the error or on its `cause`.
 */
export const NOT_CONNECTED_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The retry rule of a send (`POST …/batches`), which Sinch does not deduplicate: an
 * attempt is sent again only when it provably did not reach Sinch, or Sinch said it
 * refused it and when to come back.
 *
 * - A network error whose code is in {@link NOT_CONNECTED_CODES}: the request never left.
 * - 429 or 503 **with a readable `Retry-After`**: the server declined to process the
 *   request and said when to try again. Without `Retry-After` a 503 may come from a
 *   proxy that gave up after forwarding, so it is not retried.
 *
 * Never retried: a timeout (the request may be on its way or processed), a reset or
 * any other network error after connecting (a keep-alive socket closed under the
 * request included: whether the server read it is unknowable), 500, 502, 504 and every
 * other status.
 */
export function retryUnsent(outcome: AttemptOutcome): boolean {
  switch (outcome.type) {
    case 'timeout':
      return false;
    case 'network':
      return failedBeforeConnecting(outcome.cause);
    case 'answer': {
      const { status, headers } = outcome.answer;
      return (status === 429 || status === 503) && parseRetryAfter(headers['retry-after'] ?? null) !== undefined;
    }
  }
}

/**
 * Whether a network error happened before any connection existed. Looks through
 * `cause` chains (undici wraps the system error in `fetch failed`) and `AggregateError`s
 * (Node tries every address of a host: all of them must have failed to connect).
 */
export function failedBeforeConnecting(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  // A code names this failure; only one without a code defers to what it wraps.
  if (typeof code === 'string') return NOT_CONNECTED_CODES.has(code);
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.every((e) => failedBeforeConnecting(e, depth + 1));
  }
  return failedBeforeConnecting((error as { cause?: unknown }).cause, depth + 1);
}
