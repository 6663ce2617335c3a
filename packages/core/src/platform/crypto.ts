import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PlatformCrypto } from './interfaces.js';

/** Crypto on Node: `node:crypto`, synchronous, so Node's `verifyWebhook` stays synchronous. */
export const platformCrypto = {
  hmacSha256Base64: (secret: string, body: string | Uint8Array, suffix: string): string =>
    createHmac('sha256', secret).update(body).update(suffix).digest('base64'),
  sha256: (text: string): Uint8Array => createHash('sha256').update(text, 'utf8').digest(),
  randomBytes: (size: number): Uint8Array => randomBytes(size),
  timingSafeEqual: (a: Uint8Array, b: Uint8Array): boolean => a.byteLength === b.byteLength && timingSafeEqual(a, b),
} satisfies PlatformCrypto;
