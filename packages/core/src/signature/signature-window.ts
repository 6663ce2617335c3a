/**
 * Where a verified signature's timestamp falls against the tolerance window, with the
 * amounts: `aheadMs` — how far the signature time is ahead of now (negative when it
 * lies in the past) — and, inside the window, `expiresAtMs`: until when its nonce must
 * be remembered to refuse a replay.
 */
export type SignatureTime =
  | { readonly kind: 'in_window'; readonly aheadMs: number; readonly expiresAtMs: number }
  | { readonly kind: 'stale' | 'future'; readonly aheadMs: number };

// With the window disabled a nonce is still remembered, for this long.
const UNWINDOWED_NONCE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The window and replay rule, in one place: the public `verifyWebhook` and the webhook
 * receiver both judge a verified timestamp (`timestampSeconds`) by it. Outside
 * `toleranceSeconds` either way it is `stale` or `future`; a tolerance of 0 disables
 * the window (every time is inside it).
 */
export function signatureTime(timestampSeconds: number, toleranceSeconds: number, nowMs: number): SignatureTime {
  const aheadMs = timestampSeconds * 1000 - nowMs;
  const windowMs = toleranceSeconds * 1000;
  if (windowMs > 0 && aheadMs < -windowMs) return { kind: 'stale', aheadMs };
  if (windowMs > 0 && aheadMs > windowMs) return { kind: 'future', aheadMs };
  return { kind: 'in_window', aheadMs, expiresAtMs: nonceExpiresAt(timestampSeconds, toleranceSeconds, nowMs) };
}

/**
 * Until when a verified nonce must be remembered (epoch ms): the end of the tolerance
 * window around its timestamp, or a day from now when the window is disabled.
 */
export function nonceExpiresAt(timestampSeconds: number, toleranceSeconds: number, nowMs: number): number {
  return toleranceSeconds > 0 ? (timestampSeconds + toleranceSeconds) * 1000 : nowMs + UNWINDOWED_NONCE_TTL_MS;
}
