import { sinchDateToEpochMs } from '../parse/sinch-date.js';
import type { InboundsPageItem } from '../types/inbounds-page-item.js';
import type { InboundsPage } from '../types/inbounds-page.js';
import type { ListQuery } from './list-params.js';

/** Fetches one page for a query; the walker supplies page number, size and signal. */
export type PageFetcher = (query: ListQuery, signal: AbortSignal) => Promise<InboundsPage>;

/** How a walk runs. */
export interface WalkOptions {
  /** Pages requested ahead of the one the caller is working on (0 = none). */
  prefetchPages: number;
  signal: AbortSignal | undefined;
}

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
 * pages. Two defences keep the walk from losing or repeating messages:
 * - Pin: when the walk starts at page 0, `end_date` of every later request is set just
 *   after the newest message of the first page (rounded up to the next whole second, so
 *   a server that compares at second precision loses nothing). Later pages then come
 *   from the same snapshot; only messages arriving within that second can still shift
 *   a page, and `iterate` drops the repeats that causes by id.
 * - Order check: pages fetched concurrently may be handled by the server in any order,
 *   and a shift between two of them could hide a message in the gap. Every page's
 *   `count` is compared with the previous page's; if they differ, the set changed in
 *   between, so the page is fetched again strictly after its predecessor, and the rest
 *   of the walk goes one page at a time (where a shift can only cause repeats).
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
    let pageNo = query.page ?? 0;
    let current = await request(query, pageNo, true).promise;
    let later: ListQuery = query;
    if (pageNo === 0) {
      const pin = pinnedEndDate(current, query.endDate);
      if (pin !== undefined) later = { ...query, endDate: pin };
    }
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
      if (!head.ordered && next.count !== current.count) {
        for (const p of pending) p.controller.abort(new Error('superseded'));
        pending.length = 0;
        depth = Math.min(depth, 1);
        next = await request(later, head.page, true).promise;
        nextToRequest = head.page + 1;
      }
      current = next;
      pageNo = head.page;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!walk.signal.aborted) walk.abort(new Error('page walk finished'));
  }
}

function pinnedEndDate(first: InboundsPage, endDate: Date | undefined): Date | undefined {
  let newest = -Infinity;
  for (const item of first.inbounds) {
    const at = receivedAtMs(item);
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

// Unknown and unreadable items still sort by the server's `received_at`; read it raw.
function receivedAtMs(item: InboundsPageItem): number | undefined {
  if (item.type !== 'unknown_inbound' && item.type !== 'unreadable_inbound') return item.received_at.getTime();
  const raw = item.raw;
  if (raw === null || typeof raw !== 'object') return undefined;
  const text = (raw as Record<string, unknown>).received_at;
  return typeof text === 'string' ? sinchDateToEpochMs(text) : undefined;
}
