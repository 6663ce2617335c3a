import { isReadableInbound, type InboundMessage, type InboundsClient, type UnknownInbound, type UnreadableInbound } from '@sinch-inbounds/core';
import type { InboxStore } from './inbox-store.js';

/** How far back a backfill looks. */
export const BACKFILL_WINDOW_MS = 24 * 60 * 60 * 1000;
// A demo page has no use for more; it also bounds the work one click can cause.
const BACKFILL_LIMIT = 1000;

/** Where a backfill reads from: core's `InboundsClient`, or Nest's `SinchInboundsService`. */
export type InboundsSource = Pick<InboundsClient, 'iterate'>;

/** What one backfill found, and which of it was new to the inbox. */
export interface BackfillResult {
  /** Everything the last 24 h hold, newest first. */
  messages: InboundMessage[];
  /** The messages the inbox did not have yet, now stored (its listeners have seen them). */
  added: InboundMessage[];
  /** Items the client could not read as messages (a newer type, or invalid): not stored, but reported, not lost. */
  unreadable: (UnknownInbound | UnreadableInbound)[];
}

/** What the last 24 h hold: the messages, and the items the client could not read. */
export interface LastDay {
  messages: InboundMessage[];
  unreadable: (UnknownInbound | UnreadableInbound)[];
}

/**
 * The inbounds of the last 24 h, newest first, through the client's `iterate` (which
 * pages and never yields an id twice).
 */
export async function fetchLastDay(source: InboundsSource, now = Date.now()): Promise<LastDay> {
  const found: LastDay = { messages: [], unreadable: [] };
  let seen = 0;
  for await (const item of source.iterate({ startDate: new Date(now - BACKFILL_WINDOW_MS) })) {
    if (isReadableInbound(item)) found.messages.push(item);
    else found.unreadable.push(item);
    if (++seen >= BACKFILL_LIMIT) break;
  }
  return found;
}

/**
 * Pulls the last 24 h into `store`, merging by id so that nothing the webhook already
 * brought is stored (or shown) twice. Errors of the client propagate unchanged.
 */
export async function backfillInbox(store: InboxStore, source: InboundsSource, now = Date.now()): Promise<BackfillResult> {
  const { messages, unreadable } = await fetchLastDay(source, now);
  return { messages, added: messages.filter((message) => store.add(message)), unreadable };
}
