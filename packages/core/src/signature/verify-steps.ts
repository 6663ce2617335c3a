import { readHeader, SIGNATURE_ALGORITHM, SIGNATURE_HEADERS, type WebhookHeaders } from './headers.js';
import type { ReplayGuard } from './nonce-cache.js';
import { signatureSuffix } from './sign-input.js';
import { signatureTime } from './signature-window.js';

/** Why a callback failed verification. */
export type VerifyFailureReason =
  | 'missing_headers'
  | 'bad_signature'
  | 'stale'
  | 'future'
  | 'unsupported_algorithm'
  | 'replayed';

/** The outcome of `verifyWebhook`. */
export type VerifyWebhookResult =
  | { ok: true; nonce: string; timestamp: number }
  | { ok: false; reason: VerifyFailureReason };

/** Options of `verifyWebhook`. */
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

/** A request whose signature headers are all there: what is left is to compute and compare. */
export interface SignedRequest {
  ok: true;
  secrets: readonly string[];
  /** The given signature: its Base64 text as received. */
  given: string;
  nonce: string;
  timestampText: string;
  /** What is signed after the body. */
  suffix: string;
}

// Lower-cased once: the header is compared on every callback.
const ALGORITHM_LOWER = SIGNATURE_ALGORITHM.toLowerCase();

/**
 * The checks before any HMAC: the arguments (a parsed body or no secret throws a
 * `TypeError` that explains why), the presence of the headers and the algorithm.
 */
export function readSignedRequest(options: VerifyWebhookOptions): SignedRequest | { ok: false; reason: VerifyFailureReason } {
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
  // A missing algorithm header is accepted as HmacSHA256, the only algorithm Sinch uses:
  // the header is not covered by the signature, so requiring it would stop no forger
  // (anyone can add it) while a proxy that drops it would cost every SMS. Any other
  // algorithm named is refused.
  const algorithm = readHeader(headers, SIGNATURE_HEADERS.algorithm);
  if (algorithm !== undefined && algorithm !== SIGNATURE_ALGORITHM && algorithm.toLowerCase() !== ALGORITHM_LOWER) {
    return { ok: false, reason: 'unsupported_algorithm' };
  }
  return { ok: true, secrets, given: signature, nonce, timestampText, suffix: signatureSuffix(nonce, timestampText) };
}

/**
 * True when `expected` (Base64 text) equals the given signature, compared in constant time.
 * The Base64 text is compared, not decoded bytes: lenient decoding would accept altered
 * signatures that decode to the same bytes.
 */
export function signatureMatches(request: SignedRequest, expected: string): boolean {
  return constantTimeEqual(expected, request.given);
}

// Character by character rather than node:crypto's timingSafeEqual on UTF-8 copies: the
// two Buffer copies cost more than the HMAC's digest on the hot path. `expected` is ASCII
// (Base64), so equal UTF-16 units mean equal UTF-8 bytes. Every character is visited and
// OR-ed in, no early exit: the time depends only on the lengths, which are not secret.
function constantTimeEqual(expected: string, given: string): boolean {
  if (expected.length !== given.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return diff === 0;
}

/** A signature that matched and a timestamp inside the window, with what the replay guard needs. */
export interface FreshRequest {
  ok: true;
  nonce: string;
  timestamp: number;
  nowMs: number;
  expiresAtMs: number;
}

/**
 * The checks after the signature: its result, then the timestamp window (the rule of
 * `signatureTime`, which the webhook receiver applies too). Without a
 * replay guard the answer is already the verdict (one object fewer on every call); with
 * one, it is a {@link FreshRequest} for the guard.
 */
export function checkFreshness(request: SignedRequest, matched: boolean, options: VerifyWebhookOptions): VerifyWebhookResult | FreshRequest {
  if (!matched) return { ok: false, reason: 'bad_signature' };
  const timestamp = unixSeconds(request.timestampText);
  if (timestamp === undefined) return { ok: false, reason: 'bad_signature' };
  const tolerance = options.toleranceSeconds ?? 300;
  if (!(tolerance >= 0)) throw new RangeError('verifyWebhook: toleranceSeconds must be 0 or more');
  // With the window off and no guard there is nothing to judge (the webhook receiver
  // verifies so, and applies signatureTime itself).
  if (tolerance === 0 && options.replayGuard === undefined) return { ok: true, nonce: request.nonce, timestamp };
  const nowMs = options.now === undefined ? Date.now() : +options.now;
  const time = signatureTime(timestamp, tolerance, nowMs);
  if (time.kind !== 'in_window') return { ok: false, reason: time.kind };
  if (options.replayGuard === undefined) return { ok: true, nonce: request.nonce, timestamp };
  return { ok: true, nonce: request.nonce, timestamp, nowMs, expiresAtMs: time.expiresAtMs };
}

// The value of 1 to 12 ASCII digits (what /^\d{1,12}$/ accepts), else undefined; read by
// hand because this runs on every callback and a regex test plus Number() costs more.
function unixSeconds(text: string): number | undefined {
  if (text.length === 0 || text.length > 12) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

/** The verdict once the replay guard (if any) answered `fresh`. */
export function concludeVerification(request: FreshRequest, fresh: boolean): VerifyWebhookResult {
  return fresh ? { ok: true, nonce: request.nonce, timestamp: request.timestamp } : { ok: false, reason: 'replayed' };
}
