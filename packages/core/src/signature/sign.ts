import { createHmac } from 'node:crypto';
import { ulid } from '../ids/ulid.js';
import { SIGNATURE_ALGORITHM, SIGNATURE_HEADERS } from './headers.js';

/** Options of {@link signWebhook}. */
export interface SignWebhookOptions {
  /** The callback signing secret configured on the Sinch account. */
  secret: string;
  /** The exact body that will be sent, as text or bytes. */
  body: string | Uint8Array;
  /** Signature nonce; a fresh ULID when omitted. */
  nonce?: string;
  /** Unix time in seconds (or a `Date`); now when omitted. */
  timestamp?: number | Date;
}

/**
 * Base64(HMAC-SHA256(secret, body + "." + nonce + "." + timestamp)) as Sinch computes it.
 * The body is hashed as the exact bytes given; a string is hashed as its UTF-8 bytes.
 */
export function computeSignature(secret: string, body: string | Uint8Array, nonce: string, timestamp: string): string {
  return createHmac('sha256', secret).update(body).update(`.${nonce}.${timestamp}`).digest('base64');
}

/**
 * Signs a callback body the way Sinch does, returning the four
 * `x-sinch-webhook-signature*` headers. For tests, simulators and replaying captures.
 */
export function signWebhook(options: SignWebhookOptions): Record<string, string> {
  const { secret, body } = options;
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError('signWebhook: body must be the exact string or bytes that will be sent');
  }
  const nonce = options.nonce ?? ulid();
  const ts = options.timestamp ?? new Date();
  const timestamp = String(ts instanceof Date ? Math.floor(ts.getTime() / 1000) : ts);
  return {
    [SIGNATURE_HEADERS.signature]: computeSignature(secret, body, nonce, timestamp),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.algorithm]: SIGNATURE_ALGORITHM,
  };
}
