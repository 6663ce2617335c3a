import { platformBytes } from './bytes.web.js';
import type { PlatformCrypto } from './interfaces.js';

const encoder = new TextEncoder();
// Imported keys by secret: importKey is the costly half of an HMAC in Web Crypto, and
// a receiver signs with the same one or two secrets for its whole life.
const keys = new Map<string, Promise<CryptoKey>>();
const MAX_KEYS = 64;

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    if (keys.size >= MAX_KEYS) keys.clear();
    key = globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
    key.catch(() => keys.delete(secret));
  }
  return key;
}

/** Crypto with Web Crypto (`crypto.subtle`): asynchronous. */
export const platformCrypto = {
  async hmacSha256Base64(secret: string, body: string | Uint8Array, suffix: string): Promise<string> {
    const head = typeof body === 'string' ? encoder.encode(body) : body;
    const tail = encoder.encode(suffix);
    const message = new Uint8Array(head.byteLength + tail.byteLength);
    message.set(head, 0);
    message.set(tail, head.byteLength);
    const mac = await globalThis.crypto.subtle.sign('HMAC', await hmacKey(secret), message);
    return platformBytes.base64FromBytes(new Uint8Array(mac));
  },
  async sha256(text: string): Promise<Uint8Array> {
    return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text)));
  },
  randomBytes: (size: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(size)),
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
    if (a.byteLength !== b.byteLength) return false;
    // XOR-accumulate every byte: no early exit, so the time does not depend on where they differ.
    let diff = 0;
    for (let i = 0; i < a.byteLength; i++) diff |= a[i]! ^ b[i]!;
    return diff === 0;
  },
} satisfies PlatformCrypto;
