import { platformCrypto } from '../platform/crypto.js';
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
 * Checks a Sinch callback signature (SPEC §3) in constant time, against one or several
 * secrets, rejecting timestamps outside the tolerance window and, with a `replayGuard`,
 * nonces seen before. A missing `x-sinch-webhook-signature-algorithm` header is taken
 * as `HmacSHA256` (it is not signed, so requiring it protects nothing); any other value
 * is `unsupported_algorithm`. Never throws for a bad request; throws `TypeError` when called
 * with a parsed body, which cannot be verified, or with a replay guard that does not
 * answer synchronously (use the webhook receiver for an async one).
 */
export function verifyWebhook(options: VerifyWebhookOptions): VerifyWebhookResult {
  const request = readSignedRequest(options);
  if (!request.ok) return request;
  let matched = false;
  for (const secret of request.secrets) {
    // Every secret is tried, so timing does not tell which one matched.
    if (signatureMatches(request, platformCrypto.hmacSha256Base64(secret, options.body, request.suffix))) matched = true;
  }
  const fresh = checkFreshness(request, matched, options);
  const guard = options.replayGuard;
  // Without a guard, or refused, `fresh` is the verdict.
  if (guard === undefined || !('expiresAtMs' in fresh)) return fresh;
  const remembered = guard.remember(fresh.nonce, fresh.expiresAtMs, fresh.nowMs);
  if (typeof remembered !== 'boolean') {
    // A Promise is truthy: taking it for "new" would accept every replay.
    throw new TypeError(
      'verifyWebhook: replayGuard.remember() must return a boolean here; an async replay guard ' +
        '(a shared store) works through createWebhookReceiver, which awaits it',
    );
  }
  return concludeVerification(fresh, remembered);
}
