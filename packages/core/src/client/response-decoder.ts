import { objectAt, requiredArray, requiredInteger } from '../parse/field-readers.js';
import { readInbound } from '../parse/inbound.js';
import { InboundParseError } from '../parse/inbound-parse-error.js';
import { toJsonObject } from '../parse/json-input.js';
import type { InboundMessage } from '../types/inbound.js';
import type { InboundsPage } from '../types/inbounds-page.js';

/**
 * Decodes a List inbounds answer with core's parsers: only the date fields become
 * dates, and an invalid item fails the page with its path (`$.inbounds[3].received_at`)
 * and, when it has one, its id — nothing is silently cast or dropped.
 *
 * @throws {InboundParseError} when the answer or any item in it is invalid.
 */
export function decodeInboundsPage(text: string): InboundsPage {
  const obj = toJsonObject(text);
  const count = nonNegative(requiredInteger(obj, 'count', '$'), '$.count');
  const page = nonNegative(requiredInteger(obj, 'page', '$'), '$.page');
  const pageSize = nonNegative(requiredInteger(obj, 'page_size', '$'), '$.page_size');
  // Sinch may omit the array on an empty page; anything else must be an array.
  const items = obj.inbounds === undefined || obj.inbounds === null ? [] : requiredArray(obj, 'inbounds', '$');
  const inbounds: InboundMessage[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const at = `$.inbounds[${i}]`;
    const item = objectAt(items, i, '$.inbounds');
    try {
      inbounds[i] = readInbound(item, at);
    } catch (error) {
      if (error instanceof InboundParseError && typeof item.id === 'string') {
        throw new InboundParseError(error.path, `${error.reason} (inbound ${JSON.stringify(item.id)} on page ${page})`, {
          cause: error,
        });
      }
      throw error;
    }
  }
  return { count, page, page_size: pageSize, inbounds };
}

/**
 * Decodes a Retrieve inbound answer.
 *
 * @throws {InboundParseError} when it is not a valid inbound message.
 */
export function decodeInbound(text: string): InboundMessage {
  return readInbound(toJsonObject(text), '$');
}

function nonNegative(n: number, path: string): number {
  if (n < 0) throw new InboundParseError(path, `must not be negative, got ${n}`);
  return n;
}
