import { clientRequestChannel, traced } from '../diagnostics/channels.js';
import type { ClientRequestDiagnostic } from '../diagnostics/client-request-diagnostic.js';
import type { Logger } from '../logging/logger.js';
import { abortableSleep } from './abortable-sleep.js';
import type { AttemptOutcome as Outcome, RetryRule } from './attempt-outcome.js';
import { parseErrorBody } from './error-body.js';
import { SinchApiError, SinchNetworkError, SinchTimeoutError } from './errors.js';
import type { HttpAnswer, HttpSender } from './http-sender.js';
import { Redactor } from './redaction.js';
import { parseRetryAfter, retryDelay, retryIdempotent, type RetryPolicy } from './retry-policy.js';

/** How requests go out: shared by the REST calls and the OAuth2 token endpoint. */
export interface Transport {
  send: HttpSender;
  timeoutMs: number;
  policy: RetryPolicy;
  logger: Logger;
  /** Source of jitter; `Math.random` unless a test pins it. */
  random: () => number;
  /** The configured credentials, hidden from every error text (see {@link Redactor}). */
  secrets: readonly string[];
}

/** One request to send, possibly several times. */
export interface OutgoingRequest {
  method: 'GET' | 'POST';
  url: string;
  /** How the request is named in errors and logs: method and path, never a secret. */
  label: string;
  /** The path with its variable parts named (`/xms/v1/{service_plan_id}/inbounds`), for diagnostics. */
  urlTemplate: string;
  /** Headers for each attempt; called again per attempt so a refreshed token is used. */
  headers: (signal: AbortSignal | undefined) => Promise<Record<string, string>> | Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Which failures may be sent again; default {@link retryIdempotent}. A send that is not idempotent narrows it. */
  mayRetry?: RetryRule;
}

/**
 * Sends a request, retrying what `request.mayRetry` allows — for an idempotent request,
 * 429, 5xx, network failures and timeouts — with jittered exponential backoff (or the
 * server's `Retry-After`) up to `maxRetries` times.
 * Each attempt, body included, gets `timeoutMs`. An abort of `signal` rejects at once
 * with the signal's reason, whether during a request or a backoff wait.
 *
 * @throws {SinchApiError} on a non-2xx answer that is final or out of retries.
 * @throws {SinchNetworkError} / {SinchTimeoutError} when the last attempt failed so.
 */
export async function sendWithRetries(transport: Transport, request: OutgoingRequest): Promise<HttpAnswer> {
  const { policy, logger } = transport;
  let delayMs = 0;
  for (let retry = 0; ; retry++) {
    request.signal?.throwIfAborted();
    const headers = await request.headers(request.signal);
    const outcome = clientRequestChannel.hasSubscribers
      ? await tracedAttempt(transport, request, headers, retry + 1, delayMs)
      : await attempt(transport, request, headers);
    if (outcome.type === 'answer' && outcome.answer.status >= 200 && outcome.answer.status < 300) return outcome.answer;
    const retryable = (request.mayRetry ?? retryIdempotent)(outcome);
    if (!retryable || retry >= policy.maxRetries) {
      throw toError(outcome, request.label, transport.timeoutMs, new Redactor(transport.secrets, headers.authorization));
    }
    const retryAfter = outcome.type === 'answer' ? parseRetryAfter(outcome.answer.headers['retry-after'] ?? null) : undefined;
    delayMs = retryDelay(policy, retry, retryAfter, transport.random);
    logger.debug('sinch-inbounds: retrying request', {
      request: request.label,
      failure: outcome.type === 'answer' ? outcome.answer.status : outcome.type,
      retry: retry + 1,
      delayMs,
    });
    await abortableSleep(delayMs, request.signal);
  }
}

async function attempt(transport: Transport, request: OutgoingRequest, headers: Record<string, string>): Promise<Outcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, transport.timeoutMs);
  const onAbort = (): void => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  // An injected fetch may ignore its signal; racing it keeps timeouts and aborts prompt anyway.
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  stopped.catch(() => {});
  try {
    const exchange = { method: request.method, url: request.url, headers, signal: controller.signal };
    const answer = await Promise.race([
      transport.send(request.body === undefined ? exchange : { ...exchange, body: request.body }),
      stopped,
    ]);
    return { type: 'answer', answer };
  } catch (cause) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (timedOut) return { type: 'timeout' };
    return { type: 'network', cause };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

/** One attempt inside a `sinch-inbounds:client:request` trace. */
async function tracedAttempt(
  transport: Transport,
  request: OutgoingRequest,
  headers: Record<string, string>,
  attemptNumber: number,
  retryDelayMs: number,
): Promise<Outcome> {
  const message: ClientRequestDiagnostic = {
    method: request.method,
    url: withoutQuery(request.url),
    urlTemplate: request.urlTemplate,
    attempt: attemptNumber,
    retryDelayMs,
  };
  return traced(clientRequestChannel, message, async (fail) => {
    let outcome: Outcome;
    try {
      outcome = await attempt(transport, request, headers);
    } catch (reason) {
      // Only the caller's abort gets here.
      message.errorKind = 'aborted';
      throw reason;
    }
    if (outcome.type === 'answer') {
      message.status = outcome.answer.status;
    } else {
      message.errorKind = outcome.type;
      fail(outcome.type === 'network' ? outcome.cause : new SinchTimeoutError(request.label, transport.timeoutMs));
    }
    return outcome;
  });
}

/**
 * Origin and path of `url`, `''` when it is no URL: query values (phone numbers,
 * references) and any user:password stay out of diagnostics and error messages.
 */
export function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '';
  }
}

function toError(outcome: Outcome, label: string, timeoutMs: number, redactor: Redactor): Error {
  switch (outcome.type) {
    case 'timeout':
      return new SinchTimeoutError(label, timeoutMs);
    case 'network':
      return new SinchNetworkError(label, { cause: redactedCause(outcome.cause, redactor) });
    case 'answer': {
      // A proxy may echo the request (Authorization included) into its error page.
      const { body, code, text } = parseErrorBody(outcome.answer.text);
      const info = { body: redactor.value(body), ...(code === undefined ? {} : { code: redactor.text(code) }) };
      if (text !== undefined) Object.assign(info, { text: redactor.text(text) });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(outcome.answer.headers)) headers[name] = redactor.text(value);
      return new SinchApiError({ status: outcome.answer.status, ...info, headers, request: label });
    }
  }
}

// The low-level error is kept as the cause unless its message carries a credential (an
// invalid header value is reported with the value); then a copy without it stands in.
function redactedCause(cause: unknown, redactor: Redactor): unknown {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? redactor.text(cause) : cause;
  const inner = cause.cause instanceof Error ? cause.cause : undefined;
  const clean = redactor.text(cause.message) === cause.message && (inner === undefined || redactor.text(inner.message) === inner.message);
  if (clean) return cause;
  const copy = new Error(redactor.text(cause.message), inner === undefined ? undefined : { cause: redactedCause(inner, redactor) });
  copy.name = cause.name;
  return copy;
}
