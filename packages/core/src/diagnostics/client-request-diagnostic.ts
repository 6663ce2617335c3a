/**
 * Why an attempt got no HTTP answer: the connection failed or was cut (`network`),
 * `timeoutMs` passed (`timeout`), or the caller's `AbortSignal` fired (`aborted`).
 */
export type ClientRequestErrorKind = 'network' | 'timeout' | 'aborted';

/**
 * The message of the `sinch-inbounds:client:request` tracing channel: one object per
 * HTTP attempt of the inbounds client (REST calls and OAuth2 token requests), so a
 * request retried twice gives three traces, `attempt` 1, 2 and 3. Never carries a
 * token, a key, a query string (phone numbers, references) or a response body.
 */
export interface ClientRequestDiagnostic {
  /** `GET` for the REST API, `POST` for the OAuth2 token endpoint. */
  readonly method: 'GET' | 'POST';
  /** Scheme, host, port and path, without query or credentials. */
  readonly url: string;
  /**
   * The path with its variable parts named, low-cardinality, for grouping:
   * `/xms/v1/{service_plan_id}/inbounds`, `/xms/v1/{service_plan_id}/inbounds/{inbound_id}`
   * (`{project_id}` with OAuth2), or the token endpoint's path.
   */
  readonly urlTemplate: string;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
  /** How long the client waited before this attempt, in ms (`Retry-After` or backoff); 0 for the first. */
  readonly retryDelayMs: number;
  /** The HTTP status answered, when there was an answer; set before `asyncEnd`. */
  status?: number;
  /** Why there was no answer; set before `asyncEnd` (and the `error` channel carries the cause). */
  errorKind?: ClientRequestErrorKind;
  /** What failed, on the `error` channel (set by `diagnostics_channel`). */
  error?: unknown;
}
