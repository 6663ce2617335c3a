import { ulid } from '../ids/ulid.js';
import { SIGNATURE_ALGORITHM, SIGNATURE_HEADERS } from './headers.js';

/** Options of `signWebhook`. */
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

/** What is signed after the body: `"." + nonce + "." + timestamp` (SPEC §3). */
export function signatureSuffix(nonce: string, timestamp: string): string {
  return `.${nonce}.${timestamp}`;
}

/** `signWebhook`'s options checked, with the nonce and timestamp filled in. */
export function resolveSignInput(options: SignWebhookOptions): { nonce: string; timestamp: string } {
  const { body } = options;
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError('signWebhook: body must be the exact string or bytes that will be sent');
  }
  const ts = options.timestamp ?? new Date();
  return {
    nonce: options.nonce ?? ulid(),
    timestamp: String(ts instanceof Date ? Math.floor(ts.getTime() / 1000) : ts),
  };
}

/** The four `x-sinch-webhook-signature*` headers. */
export function signatureHeaders(signature: string, nonce: string, timestamp: string): Record<string, string> {
  return {
    [SIGNATURE_HEADERS.signature]: signature,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.algorithm]: SIGNATURE_ALGORITHM,
  };
}
