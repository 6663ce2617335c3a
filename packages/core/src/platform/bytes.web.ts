import type { PlatformBytes } from './interfaces.js';

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** Bytes with web standards only: `TextEncoder`/`TextDecoder`, `atob`/`btoa`. */
export const platformBytes: PlatformBytes = {
  decodeUtf8(input) {
    try {
      return strictDecoder.decode(input);
    } catch {
      return undefined;
    }
  },
  encodeUtf8: (text) => encoder.encode(text),
  concat(chunks, size) {
    const out = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  },
  base64FromBytes(data) {
    let binary = '';
    // btoa takes one byte per character; chunks keep fromCharCode's argument count small.
    for (let i = 0; i < data.length; i += 0x8000) {
      binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  },
  base64FromText: (text) => platformBytes.base64FromBytes(encoder.encode(text)),
  textFromBase64(base64) {
    // As Node's Buffer.from(…, 'base64') reads it: both alphabets, stray characters
    // skipped, the first '=' ends the data, a lone trailing character is dropped.
    const end = base64.indexOf('=');
    let clean = (end === -1 ? base64 : base64.slice(0, end)).replace(/[^A-Za-z0-9+/_-]/g, '').replace(/-/g, '+').replace(/_/g, '/');
    if (clean.length % 4 === 1) clean = clean.slice(0, -1);
    const binary = atob(clean.padEnd(Math.ceil(clean.length / 4) * 4, '='));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return lenientDecoder.decode(out);
  },
};
