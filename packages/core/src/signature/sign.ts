import { platformCrypto } from '../platform/crypto.js';
import { resolveSignInput, signatureHeaders, signatureSuffix, type SignWebhookOptions } from './sign-input.js';

export type { SignWebhookOptions } from './sign-input.js';

/**
 * Base64(HMAC-SHA256(secret, body + "." + nonce + "." + timestamp)) as Sinch computes it.
 * The body is hashed as the exact bytes given; a string is hashed as its UTF-8 bytes.
 */
export function computeSignature(secret: string, body: string | Uint8Array, nonce: string, timestamp: string): string {
  return platformCrypto.hmacSha256Base64(secret, body, signatureSuffix(nonce, timestamp));
}

/**
 * Signs a callback body the way Sinch does, returning the four
 * `x-sinch-webhook-signature*` headers. For tests, simulators and replaying captures.
 */
export function signWebhook(options: SignWebhookOptions): Record<string, string> {
  const { nonce, timestamp } = resolveSignInput(options);
  return signatureHeaders(computeSignature(options.secret, options.body, nonce, timestamp), nonce, timestamp);
}
