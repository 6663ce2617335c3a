import type { InboundsPage } from '../types/inbounds-page.js';
import { itemReceivedAtMs } from './item-received-at.js';
import type { ListQuery } from './list-params.js';

/** Fetches one page for a query; the walker supplies page number, size and signal. */
export type PageFetcher = (query: ListQuery, signal: AbortSignal) => Promise<InboundsPage>;

/** How a walk runs. */
export interface WalkOptions {
  /** Pages requested ahead of the one the caller is working on (0 = none). */
  prefetchPages: number;
  signal: AbortSignal | undefined;
  /** The clock (epoch ms) the default window's start is pinned by when no `startDate` is given. */
  now: () => number;
}

/** Sinch's default `start_date`: this long before the request (SPEC §2). */
const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

interface Pending {
  page: number;
  promise: Promise<InboundsPage>;
  controller: AbortController;
  /** Sent after its predecessor's answer arrived, so the server handled them in order. */
  ordered: boolean;
}

/**
 * Walks the pages of a List inbounds query, never requesting a page known to be empty:
 * it stops when `count` says the last page was reached, or on an empty page. While the
 * caller works on a page, up to `prefetchPages` next ones are already being fetched.
 *
 * Sinch lists newest first, so messages arriving mid-walk push older ones onto later
 * pages. The walk keeps its window fixed so that the list can only grow, and re-reads a
 * page that may have missed such a push:
 * - Pinned window: without a `startDate`, every page asks for 24 h before the walk
 *   began (Sinch's own default rolls forward between requests, and a message falling out
 *   of it would hide a shift from the count). When the walk starts at page 0, `end_date`
 *   of every later request is set just after the newest message of the first page
 *   (rounded up to the next whole second, so a server that compares at second precision
 *   loses nothing). Only messages received in that second can still arrive in the
 *   window; they shift later pages down, which repeats messages but never skips one as
 *   long as each page is answered after the one before it. `iterate` drops the repeats.
 * - Order check: pages fetched concurrently may be answered by the server in any order,
 *   and a shift between two of them could hide messages in the gap. A page that was
 *   requested before its predecessor's answer arrived is fetched again, strictly after
 *   it, when the two disagree: a different `count`, or a predecessor that was itself
 *   shifted (its first item was on the page before it, or is newer than that page's
 *   last) — the ids at the boundary see a shift the count misses when a message also
 *   left the window. The rest of the walk then goes one page at a time.
 */
export async function* walkPages(
  fetchPage: PageFetcher,
  query: ListQuery & { pageSize: number },
  options: WalkOptions,
): AsyncGenerator<InboundsPage, void, undefined> {
  const { signal } = options;
  let depth = options.prefetchPages;
  // Cancels in-flight prefetches when the caller stops early or aborts.
  const walk = new AbortController();
  const onAbort = (): void => walk.abort(signal?.reason);
  signal?.throwIfAborted();
  signal?.addEventListener('abort', onAbort, { once: true });
  const pending: Pending[] = [];
  const request = (q: ListQuery, page: number, ordered: boolean): Pending => {
    const controller = new AbortController();
    const stop = (): void => controller.abort(walk.signal.reason);
    walk.signal.addEventListener('abort', stop, { once: true });
    const promise = fetchPage({ ...q, page }, controller.signal).finally(() => walk.signal.removeEventListener('abort', stop));
    // Awaited in turn below; this only stops an unhandled rejection if the caller quits first.
    promise.catch(() => {});
    return { page, promise, controller, ordered };
  };
  try {
    const first = withPinnedStart(query, options.now());
    let pageNo = first.page ?? 0;
    let current = await request(first, pageNo, true).promise;
    let later: ListQuery = first;
    if (pageNo === 0) {
      const pin = pinnedEndDate(current, first.endDate);
      if (pin !== undefined) later = { ...first, endDate: pin };
    }
    let previous: InboundsPage | undefined;
    let nextToRequest = pageNo + 1;
    for (;;) {
      if (current.inbounds.length === 0) {
        yield current;
        return;
      }
      const pageCount = Math.ceil(current.count / query.pageSize);
      // The first page requested now follows `current`'s answer; any further one does not.
      while (pending.length < Math.max(depth, 0) && nextToRequest < pageCount) {
        pending.push(request(later, nextToRequest, nextToRequest === pageNo + 1));
        nextToRequest++;
      }
      yield current;
      if (pending.length === 0) {
        // Nothing in flight: the end, or no prefetching (depth 0) and the next page is due now.
        if (depth > 0 || nextToRequest >= pageCount) return;
        pending.push(request(later, nextToRequest++, true));
      }
      const head = pending.shift()!;
      let next = await head.promise;
      if (!head.ordered && (next.count !== current.count || shiftedAfter(previous, current))) {
        for (const p of pending) p.controller.abort(new Error('superseded'));
        pending.length = 0;
        depth = Math.min(depth, 1);
        next = await request(later, head.page, true).promise;
        nextToRequest = head.page + 1;
      }
      previous = current;
      current = next;
      pageNo = head.page;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!walk.signal.aborted) walk.abort(new Error('page walk finished'));
  }
}

// Sinch's default start moves with each request; a fixed one keeps the window still. A
// user's `endDate` at or before it would make the window empty or invalid: left to Sinch.
function withPinnedStart<Q extends ListQuery>(query: Q, nowMs: number): Q {
  if (query.startDate !== undefined) return query;
  const start = nowMs - DEFAULT_WINDOW_MS;
  if (query.endDate !== undefined && query.endDate.getTime() <= start) return query;
  return { ...query, startDate: new Date(start) };
}

/** Whether `page` was pushed down since `before` (the page ahead of it) was answered. */
function shiftedAfter(before: InboundsPage | undefined, page: InboundsPage): boolean {
  const first = page.inbounds[0];
  const last = before?.inbounds.at(-1);
  if (before === undefined || first === undefined || last === undefined) return false;
  if (first.id !== undefined && before.inbounds.some((item) => item.id === first.id)) return true;
  const firstAt = itemReceivedAtMs(first);
  const lastAt = itemReceivedAtMs(last);
  return firstAt !== undefined && lastAt !== undefined && firstAt > lastAt;
}

function pinnedEndDate(first: InboundsPage, endDate: Date | undefined): Date | undefined {
  let newest = -Infinity;
  for (const item of first.inbounds) {
    const at = itemReceivedAtMs(item);
    // An item whose place in time is unknown may be the newest: pinning below it would
    // shift every later page by one and skip a message. Unpinned, shifts only repeat.
    if (at === undefined) return undefined;
    newest = Math.max(newest, at);
  }
  if (newest === -Infinity) return undefined;
  const pin = Math.ceil((newest + 1) / 1000) * 1000;
  if (endDate !== undefined && endDate.getTime() <= pin) return undefined;
  return new Date(pin);
}
