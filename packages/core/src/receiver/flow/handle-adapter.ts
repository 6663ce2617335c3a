import type { WebhookDiagnostic } from '../../diagnostics/webhook-diagnostic.js';
import type { WebhookHeaders } from '../../signature/headers.js';
import type { BodyReadResult } from '../http/body-read-result.js';
import { rawBodyBytes } from '../http/raw-body-bytes.js';
import type { WebhookResponse } from '../http/response.js';
import type { RequestFlow } from './serve-request.js';

/** A request as `handle()` takes it: the method, the headers and the raw body. */
export interface WebhookRequest {
  /** HTTP method; only `POST` is accepted. */
  method: string;
  /** Request headers, a plain object in any letter case or a `Headers`. */
  headers: WebhookHeaders;
  /** The body exactly as received. A parsed object cannot be verified and is answered 500. */
  body: string | Uint8Array | ArrayBuffer;
}

// A body that is not raw bytes or text was parsed by someone: the flow names the fix.
const NOT_RAW: BodyReadResult = Object.freeze({ kind: 'consumed' });

/**
 * Serves a request whose raw body is already in hand. Never rejects for a bad request;
 * rejects, as an async function would, when its headers throw (a getter).
 */
export function serveWebhookRequest(flow: RequestFlow, request: WebhookRequest, diagnostic: WebhookDiagnostic | undefined): Promise<WebhookResponse> {
  try {
    // The body is in hand, so the client cannot go away mid-body: never `undefined`.
    return flow.serve({ method: request.method, headers: request.headers, readBody: () => bodyOf(request.body) }, diagnostic) as Promise<WebhookResponse>;
  } catch (error) {
    return Promise.reject(error);
  }
}

function bodyOf(given: unknown): BodyReadResult {
  const body = given instanceof ArrayBuffer ? new Uint8Array(given) : rawBodyBytes(given);
  return body === undefined ? NOT_RAW : { kind: 'body', body };
}

/**
 * `handle()` is called from plain JavaScript too, with whatever a framework hands over:
 * a method that is not a string is no method (405), headers that are not an object are
 * no headers (so no JSON content type: 415) — statuses, never a `TypeError`.
 */
export function wellFormed(given: unknown): WebhookRequest {
  if (isWellFormed(given)) return given;
  const request = typeof given === 'object' && given !== null ? (given as Partial<Record<keyof WebhookRequest, unknown>>) : {};
  return {
    method: typeof request.method === 'string' ? request.method : '',
    headers: typeof request.headers === 'object' && request.headers !== null ? (request.headers as WebhookHeaders) : {},
    body: request.body as WebhookRequest['body'],
  };
}

// The common case, taken as it is rather than copied.
function isWellFormed(given: unknown): given is WebhookRequest {
  if (typeof given !== 'object' || given === null) return false;
  const { method, headers } = given as Partial<Record<keyof WebhookRequest, unknown>>;
  return typeof method === 'string' && typeof headers === 'object' && headers !== null;
}
