import type { InboundMessage } from './inbound.js';
import type { InboundParseError } from './inbound-parse-error.js';
import type { JsonObject } from './json-object.js';

/**
 * An item of the inbounds REST API whose `type` this version does not know (a future
 * Sinch type such as `mo_unicode`, say). Kept in its place rather than failing the page,
 * as the callback path keeps an {@link UnknownCallback}.
 */
export interface UnknownInbound {
  type: 'unknown_inbound';
  /** The item's `id` when it is a non-empty string, else `undefined`. */
  id: string | undefined;
  /** The item exactly as received (parsed JSON); `raw.type` is the wire type. */
  raw: JsonObject;
}

/**
 * An item of the inbounds REST API of a known type (or no usable `type` at all) that
 * failed validation. Kept in its place with what is wrong, so the caller decides: log
 * it, store `raw` for later, or fetch it again.
 */
export interface UnreadableInbound {
  type: 'unreadable_inbound';
  /** The item's `id` when it is a non-empty string, else `undefined`. */
  id: string | undefined;
  /** The item exactly as received: usually an object, but whatever JSON value it was. */
  raw: unknown;
  /** Why it could not be read; `error.path` points into the answer (`$.inbounds[3].received_at`). */
  error: InboundParseError;
}

/**
 * What `InboundsClient.list` (in `page.inbounds`), `iterate` and `get` yield: a message,
 * or an item this version cannot read. Narrow it by `type`:
 *
 * ```ts
 * switch (item.type) {
 *   case 'unknown_inbound': // item.raw
 *   case 'unreadable_inbound': // item.raw, item.error
 *     break;
 *   default: // item is an InboundMessage
 * }
 * ```
 */
export type InboundsPageItem = InboundMessage | UnknownInbound | UnreadableInbound;

/** True for an item of the inbounds API that was read as an {@link InboundMessage}. */
export function isReadableInbound(item: InboundsPageItem): item is InboundMessage {
  return item.type !== 'unknown_inbound' && item.type !== 'unreadable_inbound';
}
