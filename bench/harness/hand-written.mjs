// The hand-written minimum the library is measured against (issue 14): the same checks
// a careful developer would write inline, plainly, with no library — HMAC compare,
// timestamp window, a nonce Map, JSON.parse, received_at as a Date, an id Set, one
// async handler. No logging, no diagnostics, no store timeouts, no pruning: the floor.
import { createHmac, timingSafeEqual } from 'node:crypto';

const WINDOW_SECONDS = 300;

/**
 * A fresh hand-written receiver (own nonce Map and id Set) for `secret`; `onCallback` is
 * the one async handler. `check(headers, body)` resolves to the HTTP status.
 * @param {string} secret
 * @param {(callback: any) => unknown} onCallback
 */
export function createHandWrittenReceiver(secret, onCallback) {
  const nonces = new Map();
  const ids = new Set();
  return {
    /**
     * @param {Record<string, string | string[] | undefined>} headers lower-case names
     * @param {Buffer} body the raw body
     * @returns {Promise<number>}
     */
    async check(headers, body) {
      const signature = headers['x-sinch-webhook-signature'];
      const nonce = headers['x-sinch-webhook-signature-nonce'];
      const timestamp = headers['x-sinch-webhook-signature-timestamp'];
      if (typeof signature !== 'string' || typeof nonce !== 'string' || typeof timestamp !== 'string') return 401;
      const nowSeconds = Date.now() / 1000;
      const signedAt = Number(timestamp);
      if (!(Math.abs(nowSeconds - signedAt) <= WINDOW_SECONDS)) return 401;
      const expected = createHmac('sha256', secret).update(body).update(`.${nonce}.${timestamp}`).digest();
      const given = Buffer.from(signature, 'base64');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 401;
      if (nonces.has(nonce)) return 401;
      nonces.set(nonce, signedAt + WINDOW_SECONDS);
      const callback = JSON.parse(body.toString('utf8'));
      callback.received_at = new Date(callback.received_at);
      if (ids.has(callback.id)) return 200;
      ids.add(callback.id);
      await onCallback(callback);
      return 200;
    },
  };
}
