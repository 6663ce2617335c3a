import { requiredArray, requiredInteger } from '../parse/field-readers.js';
import { readInboundsPageItem } from '../parse/inbounds-page-item.js';
import { InboundParseError } from '../parse/inbound-parse-error.js';
import { toJsonObject } from '../parse/json-input.js';
import type { InboundsPageItem } from '../types/inbounds-page-item.js';
import type { InboundsPage } from '../types/inbounds-page.js';

/**
 * Decodes a List inbounds answer with core's parsers: only the date fields become
 * dates. Each item is read on its own: one this version cannot read stays in its place
 * as an `unknown_inbound` or `unreadable_inbound` item (failing the page would cost
 * every message on it, and end a backfill). Nothing is silently cast or dropped.
 *
 * @throws {InboundParseError} only when the answer itself is not a page (not JSON, no
 * `count`, `inbounds` not an array).
 */
export function decodeInboundsPage(text: string): InboundsPage {
  const obj = toJsonObject(text);
  const count = nonNegative(requiredInteger(obj, 'count', '$'), '$.count');
  const page = nonNegative(requiredInteger(obj, 'page', '$'), '$.page');
  const pageSize = nonNegative(requiredInteger(obj, 'page_size', '$'), '$.page_size');
  // Sinch may omit the array on an empty page; anything else must be an array.
  const items = obj.inbounds === undefined || obj.inbounds === null ? [] : requiredArray(obj, 'inbounds', '$');
  const inbounds: InboundsPageItem[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) inbounds[i] = readInboundsPageItem(items[i], `$.inbounds[${i}]`);
  return { count, page, page_size: pageSize, inbounds };
}

/**
 * Decodes a Retrieve inbound answer; never throws. An answer that is not JSON at all
 * is an `unreadable_inbound` whose `raw` is the text.
 */
export function decodeInbound(text: string): InboundsPageItem {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (cause) {
    const error = new InboundParseError('$', `invalid JSON: ${(cause as Error).message}`, { cause });
    return { type: 'unreadable_inbound', id: undefined, raw: text, error };
  }
  return readInboundsPageItem(value, '$');
}

function nonNegative(n: number, path: string): number {
  if (n < 0) throw new InboundParseError(path, `must not be negative, got ${n}`);
  return n;
}
