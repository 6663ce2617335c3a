import { platformBytes } from '../platform/bytes.js';
import type { JsonObject } from '../types/json-object.js';
import { InboundParseError } from './inbound-parse-error.js';

/** What the parsers accept: raw JSON text, raw UTF-8 bytes, or an already-parsed value. */
export type JsonInput = string | Uint8Array | object;

export type { JsonObject } from '../types/json-object.js';

/**
 * Turns any accepted input into a JSON object, refusing invalid UTF-8, invalid JSON and
 * non-objects with an {@link InboundParseError}. Objects are read, never modified.
 */
export function toJsonObject(input: unknown): JsonObject {
  let value: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    let text: string;
    if (typeof input === 'string') {
      text = input;
    } else {
      let decoded: string | undefined;
      try {
        decoded = platformBytes.decodeUtf8(input);
      } catch (cause) {
        // A view over a detached (transferred) ArrayBuffer cannot be read at all.
        throw new InboundParseError('$', 'the bytes cannot be read: their ArrayBuffer was detached (transferred)', { cause });
      }
      if (decoded === undefined) throw new InboundParseError('$', 'body is not valid UTF-8');
      text = decoded;
    }
    // A byte-order mark is legal in front of UTF-8 JSON but JSON.parse refuses it.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new InboundParseError('$', `invalid JSON: ${(cause as Error).message}`, { cause });
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InboundParseError('$', `expected a JSON object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

/** A short name of a JSON value's kind, for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'bytes';
  return typeof value === 'object' ? 'an object' : typeof value;
}
