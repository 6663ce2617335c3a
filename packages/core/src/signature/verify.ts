import { timingSafeEqual } from 'node:crypto';
import { readHeader, SIGNATURE_ALGORITHM, SIGNATURE_HEADERS, type WebhookHeaders } from './headers.js';
import type { ReplayGuard } from './nonce-cache.js';
import { computeSignature } from './sign.js';

/** Why a callback failed verification. */
export type VerifyFailureReason =
  | 'missing_headers'
  | 'bad_signature'
  | 'stale'
  | 'future'
  | 'unsupported_algorithm'
  | 'replayed';

/** The outcome of {@link verifyWebhook}. */
export type VerifyWebhookResult =
  | { ok: true; nonce: string; timestamp: number }
  | { ok: false; reason: VerifyFailureReason };

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** The signing secret, or several during a rotation: any one of them may match. */
  secret: string | readonly string[];
  /** The request headers (plain object in any case, or `Headers`). */
  headers: WebhookHeaders;
  /** The raw body exactly as received: a string or bytes, never a parsed object. */
  body: string | Uint8Array;
  /** How far the signed timestamp may be from now, in seconds. Default 300; 0 disables the check. */
  toleranceSeconds?: number;
  /** The current time (epoch ms or `Date`); for tests. Default `Date.now()`. */
  now?: number | Date;
  /** Nonce memory for replay protection; without it, replays inside the window pass. */
  replayGuard?: ReplayGuard;
}

const TIMESTAMP = /^\d{1,12}$/;
// With the window disabled a nonce is still remembered, for this long.
const UNWINDOWED_NONCE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Checks a Sinch callback signature (SPEC §3) in constant time, against one or several
 * secrets, rejecting timestamps outside the tolerance window and, with a `replayGuard`,
 * nonces seen before. Never throws for a bad request; throws `TypeError` when called
 * with a parsed body, which cannot be verified, or with a replay guard that does not
 * answer synchronously (use the webhook receiver for an async one).
 */
export function verifyWebhook(options: VerifyWebhookOptions): VerifyWebhookResult {
  const { body, headers } = options;
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError(
      'verifyWebhook: body must be the raw request body (string or Buffer/Uint8Array), not a parsed object. ' +
        'Sinch signs the exact bytes it sent, and re-serialising JSON changes them. Capture the raw body, e.g. ' +
        "express.raw({ type: 'application/json' }), or NestFactory.create(AppModule, { rawBody: true }) and req.rawBody.",
    );
  }
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new TypeError('verifyWebhook: secret must be a non-empty string or a non-empty array of them');
  }

  const signature = readHeader(headers, SIGNATURE_HEADERS.signature);
  const nonce = readHeader(headers, SIGNATURE_HEADERS.nonce);
  const timestampText = readHeader(headers, SIGNATURE_HEADERS.timestamp);
  if (!signature || !nonce || !timestampText) return { ok: false, reason: 'missing_headers' };
  const algorithm = readHeader(headers, SIGNATURE_HEADERS.algorithm);
  if (algorithm !== undefined && algorithm.toLowerCase() !== SIGNATURE_ALGORITHM.toLowerCase()) {
    return { ok: false, reason: 'unsupported_algorithm' };
  }

  // Compare the Base64 text, not decoded bytes: lenient decoding would accept altered
  // signatures that decode to the same bytes.
  const given = Buffer.from(signature, 'utf8');
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(computeSignature(secret, body, nonce, timestampText), 'utf8');
    // Every secret is tried, so timing does not tell which one matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'bad_signature' };
  if (!TIMESTAMP.test(timestampText)) return { ok: false, reason: 'bad_signature' };

  const timestamp = Number(timestampText);
  const nowMs = options.now === undefined ? Date.now() : +options.now;
  const tolerance = options.toleranceSeconds ?? 300;
  if (!(tolerance >= 0)) throw new RangeError('verifyWebhook: toleranceSeconds must be 0 or more');
  if (tolerance > 0) {
    const ageSeconds = nowMs / 1000 - timestamp;
    if (ageSeconds > tolerance) return { ok: false, reason: 'stale' };
    if (ageSeconds < -tolerance) return { ok: false, reason: 'future' };
  }
  if (options.replayGuard) {
    const fresh = options.replayGuard.remember(nonce, nonceExpiresAt(timestamp, tolerance, nowMs), nowMs);
    if (typeof fresh !== 'boolean') {
      // A Promise is truthy: taking it for "new" would accept every replay.
      throw new TypeError(
        'verifyWebhook: replayGuard.remember() must return a boolean here; an async replay guard ' +
          '(a shared store) works through createWebhookReceiver, which awaits it',
      );
    }
    if (!fresh) return { ok: false, reason: 'replayed' };
  }
  return { ok: true, nonce, timestamp };
}

/**
 * Until when a verified nonce must be remembered (epoch ms): the end of the tolerance
 * window around its timestamp, or a day from now when the window is disabled.
 */
export function nonceExpiresAt(timestampSeconds: number, toleranceSeconds: number, nowMs: number): number {
  return toleranceSeconds > 0 ? (timestampSeconds + toleranceSeconds) * 1000 : nowMs + UNWINDOWED_NONCE_TTL_MS;
}
