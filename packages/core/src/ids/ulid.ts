import { platformCrypto } from '../platform/crypto.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new ULID-like id (26 Crockford Base32 characters: 48-bit millisecond time, 80 random
 * bits), the shape Sinch uses for message ids and signature nonces. Sortable by time.
 */
export function ulid(now: number = Date.now()): string {
  let out = '';
  let time = now;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[time % 32]! + out;
    time = Math.floor(time / 32);
  }
  const random = platformCrypto.randomBytes(16);
  for (let i = 0; i < 16; i++) out += CROCKFORD[random[i]! % 32];
  return out;
}
