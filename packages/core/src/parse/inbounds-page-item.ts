import type { InboundsPageItem } from '../types/inbounds-page-item.js';
import { InboundParseError } from '../types/inbound-parse-error.js';
import { readInbound } from './inbound.js';
import { describe, type JsonObject } from './json-input.js';

/**
 * Reads one item of an inbounds REST answer located at `at`, never throwing: a known
 * type that validates is a message, another string `type` an `unknown_inbound`, and
 * anything else an `unreadable_inbound` with the error. One odd item must not end a
 * backfill, so the page and the walk go on around it.
 */
export function readInboundsPageItem(value: unknown, at: string): InboundsPageItem {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return unreadable(value, undefined, new InboundParseError(at, `expected an object, got ${describe(value)}`));
  }
  const obj = value as JsonObject;
  const id = typeof obj.id === 'string' && obj.id !== '' ? obj.id : undefined;
  const type = obj.type;
  if (type === 'mo_text' || type === 'mo_binary' || type === 'mo_media') {
    try {
      return readInbound(obj, at);
    } catch (error) {
      if (error instanceof InboundParseError) return unreadable(obj, id, error);
      throw error;
    }
  }
  if (typeof type === 'string' && type !== '') return { type: 'unknown_inbound', id, raw: obj };
  const reason = type === undefined ? 'is required' : `expected a non-empty string, got ${describe(type)}`;
  return unreadable(obj, id, new InboundParseError(`${at}.type`, reason));
}

function unreadable(raw: unknown, id: string | undefined, error: InboundParseError): InboundsPageItem {
  return { type: 'unreadable_inbound', id, raw, error };
}
