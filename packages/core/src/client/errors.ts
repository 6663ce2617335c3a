/**
 * Base class of every error the inbounds client throws on its own account (not
 * counting {@link InboundParseError} for an invalid answer, and the caller's own abort
 * reason). Messages never contain an API token or key secret.
 */
export class SinchClientError extends Error {
  override name = 'SinchClientError';
}

/**
 * The client was constructed with missing, contradictory or invalid options. Thrown by
 * the constructor, never by a request; the message names the option, never its value.
 */
export class SinchConfigError extends SinchClientError {
  override name = 'SinchConfigError';
  /** The option at fault, e.g. `"apiToken"`, or several names joined with `, `. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}

/**
 * A call was given an invalid parameter (e.g. `pageSize: 500`). Thrown before any
 * request is sent.
 */
export class InvalidParamsError extends SinchClientError {
  override name = 'InvalidParamsError';
  /** The parameter at fault, e.g. `"pageSize"`. */
  readonly param: string;

  constructor(param: string, message: string) {
    super(`${param}: ${message}`);
    this.param = param;
  }
}

/**
 * Sinch (or whatever answers at `baseUrl`/`authUrl`) answered with a non-2xx status,
 * after any retries. `code` and `text` are read from whichever error shape the body
 * has (`{code, text}`, `{code, description}`, `{error: {code, message}}`, RFC 7807);
 * both are absent when the body is empty or unrecognised.
 */
export class SinchApiError extends SinchClientError {
  override name = 'SinchApiError';
  /** HTTP status, e.g. 400, 404, 503. */
  readonly status: number;
  /** Sinch's error code, e.g. `"syntax_invalid_parameter_format"`, when the body has one. */
  readonly code?: string;
  /** Sinch's human-readable explanation, when the body has one. */
  readonly text?: string;
  /** The body: decoded JSON when it is JSON, else the raw text (`""` when empty). */
  readonly body: unknown;
  /** Response headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: {
    status: number;
    code?: string;
    text?: string;
    body: unknown;
    headers: Record<string, string>;
    request: string;
  }) {
    const detail = [init.code, init.text].filter((s) => s !== undefined && s !== '').join(': ');
    super(`Sinch API answered ${init.status} to ${init.request}${detail === '' ? '' : ` (${detail})`}`);
    this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.text !== undefined) this.text = init.text;
    this.body = init.body;
    this.headers = Object.freeze({ ...init.headers });
  }
}

/**
 * The request never got an HTTP answer (connection refused or reset, DNS failure, body
 * cut off), after any retries. The low-level error is the `cause`.
 */
export class SinchNetworkError extends SinchClientError {
  override name = 'SinchNetworkError';

  constructor(request: string, options: { cause: unknown }) {
    super(`Network error on ${request}: ${describeCause(options.cause)}`, options);
  }
}

/** The OAuth2 token endpoint answered 200 with something that is not a usable token. */
export class SinchAuthError extends SinchClientError {
  override name = 'SinchAuthError';
}

/** A request got no complete answer within `timeoutMs`, after any retries. */
export class SinchTimeoutError extends SinchClientError {
  override name = 'SinchTimeoutError';
  /** The per-request timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  constructor(request: string, timeoutMs: number) {
    super(`No answer to ${request} within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

// undici reports "fetch failed" and hides the useful part in `cause`.
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.message}${inner}`;
}
