import { InboundParseError } from '../types/inbound-parse-error.js';
import type { MoBinary } from '../types/inbound.js';

// Decoders for what a `mo_binary` carries. The parser keeps `body` and `udh` as sent
// (an encoding check there would refuse the message); these check when the app asks.
// Plain JavaScript, no Buffer: they run the same in the web build.

const BASE64_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  BASE64_VALUES['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}
// The URL-safe alphabet too: a proxy or an SDK may have re-encoded it.
BASE64_VALUES[45] = 62; // -
BASE64_VALUES[95] = 63; // _

/**
 * The bytes of a `mo_binary` body (Base64, standard or URL-safe alphabet, padding
 * optional).
 *
 * @throws {InboundParseError} with path `$.body` when it is not Base64.
 */
export function decodeBinaryBody(message: Pick<MoBinary, 'body'> | string): Uint8Array {
  const text = typeof message === 'string' ? message : message.body;
  if (typeof text !== 'string') throw new InboundParseError('$.body', `expected a Base64 string, got ${typeof text}`);
  let end = text.length;
  // Padding is optional; up to two `=` at the very end are skipped, anywhere else refused.
  for (let pad = 0; pad < 2 && end > 0 && text.charCodeAt(end - 1) === 61; pad++) end--;
  if (end % 4 === 1) throw new InboundParseError('$.body', `not valid Base64: ${end} characters cannot encode whole bytes`);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? BASE64_VALUES[c]! : -1;
    if (v < 0) throw new InboundParseError('$.body', `not valid Base64: unexpected ${JSON.stringify(text[i])} at offset ${i}`);
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** One information element of a user data header. */
export interface UdhElement {
  /** The information element identifier (IEI), e.g. `0x00` for 8-bit concatenation. */
  id: number;
  /** Its data bytes (IEDL of them). */
  data: Uint8Array;
}

/** Where a part of a concatenated SMS belongs (IEI `0x00` or `0x08`). */
export interface UdhConcatenation {
  /** Shared by every part of one long message; compare it together with the sender. */
  reference: number;
  /** Whether the reference is 8 bits (IEI `0x00`) or 16 bits (IEI `0x08`). */
  referenceBits: 8 | 16;
  /** This part's number, 1-based. */
  part: number;
  /** How many parts the message has. */
  parts: number;
}

/** A decoded user data header. */
export interface UserDataHeader {
  /** Every information element, in order. */
  elements: UdhElement[];
  /** The concatenation element, when there is one. */
  concatenation?: UdhConcatenation;
}

/**
 * Decodes a `mo_binary` user data header (hex): its information elements, and the
 * concatenation reference, part number and part count when it has an 8-bit (IEI `0x00`)
 * or 16-bit (IEI `0x08`) concatenation element. The leading length byte (UDHL) is
 * optional: it is read as such when it equals the number of bytes after it.
 *
 * @throws {InboundParseError} with path `$.udh` when it is not hex, an element runs past
 * the end, or a concatenation element is malformed (wrong length, part 0, part > parts).
 */
export function decodeUdh(message: Pick<MoBinary, 'udh'> | string): UserDataHeader {
  const hex = typeof message === 'string' ? message : message.udh;
  const bytes = hexBytes(hex);
  if (bytes.length === 0) return { elements: [] };
  const start = bytes[0] === bytes.length - 1 ? 1 : 0;
  const header: UserDataHeader = { elements: [] };
  for (let i = start; i < bytes.length; ) {
    if (i + 2 > bytes.length) fail(`information element at byte ${i} has no length byte`);
    const id = bytes[i]!;
    const length = bytes[i + 1]!;
    if (i + 2 + length > bytes.length) fail(`information element 0x${hexByte(id)} at byte ${i} runs past the end`);
    const data = bytes.slice(i + 2, i + 2 + length);
    header.elements.push({ id, data });
    if (id === 0x00 || id === 0x08) header.concatenation ??= concatenation(id, data);
    i += 2 + length;
  }
  return header;
}

function concatenation(id: number, data: Uint8Array): UdhConcatenation {
  const sixteen = id === 0x08;
  if (data.length !== (sixteen ? 4 : 3)) {
    fail(`concatenation element 0x${hexByte(id)} must have ${sixteen ? 4 : 3} data bytes, has ${data.length}`);
  }
  const reference = sixteen ? (data[0]! << 8) | data[1]! : data[0]!;
  const parts = data[sixteen ? 2 : 1]!;
  const part = data[sixteen ? 3 : 2]!;
  if (parts === 0 || part === 0 || part > parts) fail(`concatenation part ${part} of ${parts} is impossible`);
  return { reference, referenceBits: sixteen ? 16 : 8, part, parts };
}

function hexBytes(hex: unknown): Uint8Array {
  if (typeof hex !== 'string') fail(`expected a hex string, got ${typeof hex}`);
  if (hex.length % 2 !== 0) fail(`not valid hex: odd length ${hex.length}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) fail(`not valid hex: ${JSON.stringify(hex.slice(2 * i, 2 * i + 2))} at offset ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function hexByte(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function fail(reason: string): never {
  throw new InboundParseError('$.udh', reason);
}
