// Signed Sinch callbacks for the webhook throughput benchmarks. Every message is a
// distinct realistic mo_text (own id, nonce and signature), so a receiver's dedupe and
// replay guard do real work instead of short-circuiting. Messages are signed BEFORE a
// timed round, into a pool: signing inside autocannon's setupRequest would make the load
// generator's HMAC cost throttle the round, unevenly between fast and slow routes.
import { signWebhook, ulid } from '@sinch-inbounds/core';
import { fixtures } from '@sinch-inbounds/testing';

/**
 * One realistic mo_text (SPEC §5 values), unique and signed with `secret` now.
 * @param {string} secret
 * @returns {{ body: string, headers: Record<string, string> }}
 */
export function signedMoText(secret) {
  const body = JSON.stringify({ ...fixtures.moTextWebhook, id: ulid(), received_at: new Date().toISOString() });
  const headers = { 'content-type': 'application/json', ...signWebhook({ secret, body }) };
  // As an HTTP parser hands them over: flat strings. ulid() builds the nonce by
  // concatenation, and V8 flattens such a string the first time it is hashed, so
  // in-process variants fed the same message would otherwise differ by who came first.
  for (const name of Object.keys(headers)) headers[name] = Buffer.from(headers[name]).toString();
  return { body, headers };
}

/**
 * A pool of pre-signed messages shared by all connections of one round through one
 * cursor, so no message is ever sent twice. Should the round outrun the pool, further
 * messages are signed on the fly and counted in `late` (the caller reports them: a late
 * message means the round was partly throttled by signing).
 * @param {string} secret
 * @param {number} size
 */
export function signedMoTextPool(secret, size) {
  const messages = Array.from({ length: size }, () => signedMoText(secret));
  let cursor = 0;
  const pool = {
    late: 0,
    /** @returns {{ body: string, headers: Record<string, string> }} */
    next() {
      const message = messages[cursor++];
      if (message !== undefined) return message;
      pool.late++;
      return signedMoText(secret);
    },
  };
  return pool;
}

/**
 * Sizes each round's pool at `headroom` × the highest req/s seen so far for the same
 * target × the round's length, starting from a guess: the warm-up rounds calibrate it,
 * so timed rounds should never sign on the fly.
 * @param {string} secret
 * @param {{ firstGuessRps?: number, headroom?: number }} [options]
 */
export function createPoolSizer(secret, { firstGuessRps = 3_000, headroom = 3 } = {}) {
  /** @type {Record<string, number>} */
  const peak = {};
  return {
    /** A fresh pool for a round of `seconds` against `key`. */
    poolFor(key, seconds) {
      return signedMoTextPool(secret, Math.ceil((peak[key] ?? firstGuessRps) * seconds * headroom));
    },
    /** Records the highest per-second rate a round against `key` reached. */
    observe(key, maxRps) {
      peak[key] = Math.max(peak[key] ?? 0, maxRps);
    },
  };
}
