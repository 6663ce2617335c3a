import type { InboundMessage, InboundsClient } from '@sinch-inbounds/express';

/** How far back a backfill looks. */
export const BACKFILL_WINDOW_MS = 24 * 60 * 60 * 1000;
// A demo page has no use for more; it also bounds the work one click can cause.
const BACKFILL_LIMIT = 1000;

/**
 * The inbounds of the last 24 h, newest first, through the client's `iterate` (which
 * pages and never yields an id twice). Merging into the inbox is the caller's.
 */
export async function fetchLastDay(client: InboundsClient, now = Date.now()): Promise<InboundMessage[]> {
  const found: InboundMessage[] = [];
  for await (const message of client.iterate({ startDate: new Date(now - BACKFILL_WINDOW_MS) })) {
    found.push(message);
    if (found.length >= BACKFILL_LIMIT) break;
  }
  return found;
}
