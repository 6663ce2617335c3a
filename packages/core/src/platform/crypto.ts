import { createHash, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { PlatformCrypto } from './interfaces.js';

// Key objects by secret: given a string, createHmac turns it into a key on every call,
// which is ~10% of a verify; a receiver signs with the same one or two secrets for its
// whole life. Bounded like the web build's imported keys.
const keys = new Map<string, KeyObject>();
const MAX_KEYS = 64;

function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (key === undefined) {
    if (keys.size >= MAX_KEYS) keys.clear();
    key = createSecretKey(secret, 'utf8');
    keys.set(secret, key);
  }
  return key;
}

/** Crypto on Node: `node:crypto`, synchronous, so Node's `verifyWebhook` stays synchronous. */
export const platformCrypto = {
  hmacSha256Base64: (secret: string, body: string | Uint8Array, suffix: string): string =>
    createHmac('sha256', hmacKey(secret)).update(body).update(suffix).digest('base64'),
  sha256: (text: string): Uint8Array => createHash('sha256').update(text, 'utf8').digest(),
  randomBytes: (size: number): Uint8Array => randomBytes(size),
  timingSafeEqual: (a: Uint8Array, b: Uint8Array): boolean => a.byteLength === b.byteLength && timingSafeEqual(a, b),
} satisfies PlatformCrypto;
