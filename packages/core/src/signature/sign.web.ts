import { platformCrypto } from '../platform/crypto.web.js';
import { resolveSignInput, signatureHeaders, signatureSuffix, type SignWebhookOptions } from './sign-input.js';

export type { SignWebhookOptions } from './sign-input.js';

/**
 * Base64(HMAC-SHA256(secret, body + "." + nonce + "." + timestamp)) as Sinch computes it,
 * with Web Crypto (hence a Promise). The body is hashed as the exact bytes given; a
 * string is hashed as its UTF-8 bytes.
 */
export function computeSignature(secret: string, body: string | Uint8Array, nonce: string, timestamp: string): Promise<string> {
  return platformCrypto.hmacSha256Base64(secret, body, signatureSuffix(nonce, timestamp));
}

/**
 * Signs a callback body the way Sinch does, resolving to the four
 * `x-sinch-webhook-signature*` headers. For tests, simulators and replaying captures.
 */
export async function signWebhook(options: SignWebhookOptions): Promise<Record<string, string>> {
  const { nonce, timestamp } = resolveSignInput(options);
  return signatureHeaders(await computeSignature(options.secret, options.body, nonce, timestamp), nonce, timestamp);
}
