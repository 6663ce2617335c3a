import { isUtf8 } from 'node:buffer';
import type { PlatformBytes } from './interfaces.js';

/** Bytes on Node: `Buffer`, so what core hands out (raw bodies) is a `Buffer` as before. */
export const platformBytes: PlatformBytes = {
  decodeUtf8(input) {
    // isUtf8 + toString is much faster than a fatal TextDecoder, and as strict.
    if (!isUtf8(input)) return undefined;
    return (Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength)).toString('utf8');
  },
  encodeUtf8: (text) => Buffer.from(text, 'utf8'),
  concat: (chunks, size) => Buffer.concat(chunks, size),
  base64FromBytes: (data) => (Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString('base64'),
  base64FromText: (text) => Buffer.from(text, 'utf8').toString('base64'),
  textFromBase64: (base64) => Buffer.from(base64, 'base64').toString('utf8'),
};
