/**
 * What the receiver answers: a framework-neutral HTTP response. Adapters copy it onto
 * their framework's response object as is.
 */
export interface WebhookResponse {
  /** HTTP status code; see the status contract in the package README. */
  status: number;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** A small JSON document, e.g. `{"status":"accepted"}`. */
  body: string;
}

/** The short, stable outcome names used in response bodies. */
export type WebhookOutcome =
  | 'accepted'
  | 'duplicate'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthorized'
  | 'bad_request'
  | 'queue_full'
  | 'internal_error';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

// Bodies are precomputed: they never carry request data, so nothing leaks and nothing
// is serialised per request.
const BODIES: Record<WebhookOutcome, string> = {
  accepted: '{"status":"accepted"}',
  duplicate: '{"status":"duplicate"}',
  method_not_allowed: '{"error":"method_not_allowed"}',
  unsupported_media_type: '{"error":"unsupported_media_type"}',
  payload_too_large: '{"error":"payload_too_large"}',
  unauthorized: '{"error":"unauthorized"}',
  bad_request: '{"error":"bad_request"}',
  queue_full: '{"error":"queue_full"}',
  internal_error: '{"error":"internal_error"}',
};

const STATUS: Record<WebhookOutcome, number> = {
  accepted: 200,
  duplicate: 200,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  bad_request: 400,
  // Sinch retries a 429 and lowers its throughput (SPEC §4).
  queue_full: 429,
  internal_error: 500,
};

/** Builds the response for an outcome; a fresh headers object each time, so callers may add to it. */
export function webhookResponse(outcome: WebhookOutcome): WebhookResponse {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  // 405 must say what is allowed (RFC 9110 §15.5.6).
  if (outcome === 'method_not_allowed') headers.allow = 'POST';
  // After a refused oversized body the rest of it is not read, so the connection cannot be reused.
  if (outcome === 'payload_too_large') headers.connection = 'close';
  return { status: STATUS[outcome], headers, body: BODIES[outcome] };
}
