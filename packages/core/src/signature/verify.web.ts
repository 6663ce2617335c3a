import { platformCrypto } from '../platform/crypto.web.js';
import {
  checkFreshness,
  concludeVerification,
  readSignedRequest,
  signatureMatches,
  type VerifyWebhookOptions,
  type VerifyWebhookResult,
} from './verify-steps.js';

export type { VerifyFailureReason, VerifyWebhookOptions, VerifyWebhookResult } from './verify-steps.js';

/**
 * Checks a Sinch callback signature (SPEC §3) with Web Crypto, hence a Promise: in
 * constant time, against one or several secrets, rejecting timestamps outside the
 * tolerance window and, with a `replayGuard` (which may be async here), nonces seen
 * before. A missing `x-sinch-webhook-signature-algorithm` header is taken as
 * `HmacSHA256` (it is not signed, so requiring it protects nothing); any other value is
 * `unsupported_algorithm`. Never rejects for a bad request; rejects with a `TypeError` when called with
 * a parsed body, which cannot be verified, or when the replay guard answers something
 * other than a boolean.
 */
export async function verifyWebhook(options: VerifyWebhookOptions): Promise<VerifyWebhookResult> {
  const request = readSignedRequest(options);
  if (!request.ok) return request;
  // Every secret is tried, so timing does not tell which one matched.
  const expected = await Promise.all(request.secrets.map((secret) => platformCrypto.hmacSha256Base64(secret, options.body, request.suffix)));
  let matched = false;
  for (const signature of expected) if (signatureMatches(request, signature)) matched = true;
  const fresh = checkFreshness(request, matched, options);
  const guard = options.replayGuard;
  // Without a guard, or refused, `fresh` is the verdict.
  if (guard === undefined || !('expiresAtMs' in fresh)) return fresh;
  const remembered: unknown = await guard.remember(fresh.nonce, fresh.expiresAtMs, fresh.nowMs);
  if (typeof remembered !== 'boolean') {
    // Anything but a boolean is a broken guard; taking it for "new" would accept replays.
    throw new TypeError('verifyWebhook: replayGuard.remember() must return or resolve to a boolean');
  }
  return concludeVerification(fresh, remembered);
}
