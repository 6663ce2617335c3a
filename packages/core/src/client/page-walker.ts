import type { InboundsPage } from '../types/inbounds-page.js';
import type { ListQuery } from './list-params.js';

/** Fetches one page for a query; the walker supplies page number, size and signal. */
export type PageFetcher = (query: ListQuery, signal: AbortSignal) => Promise<InboundsPage>;

/**
 * Walks the pages of a List inbounds query, one request per page and never one for a
 * page known to be empty: it stops when `count` says the last page was reached, or on
 * an empty page. While the caller works on a page, the next one is already being
 * fetched (one page ahead at most, so memory stays bounded).
 *
 * Sinch lists newest first, so messages arriving mid-walk push older ones onto later
 * pages. When the walk starts at page 0, `end_date` of every later request is pinned
 * just after the newest message of the first page (rounded up to the next whole second,
 * so a server that compares at second precision loses nothing): later pages then come
 * from the same snapshot. Arrivals within that last second can still shift a page by a
 * few items; `iterate` drops those repeats by id.
 */
export async function* walkPages(
  fetchPage: PageFetcher,
  query: ListQuery & { pageSize: number },
  signal: AbortSignal | undefined,
): AsyncGenerator<InboundsPage, void, undefined> {
  // Cancels an in-flight prefetch when the caller stops early or aborts.
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.throwIfAborted();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let pageNo = query.page ?? 0;
    let current = await fetchPage({ ...query, page: pageNo }, controller.signal);
    let later: ListQuery = query;
    if (pageNo === 0) {
      const pin = pinnedEndDate(current, query.endDate);
      if (pin !== undefined) later = { ...query, endDate: pin };
    }
    for (;;) {
      const more = current.inbounds.length > 0 && pageNo * query.pageSize + current.inbounds.length < current.count;
      let next: Promise<InboundsPage> | undefined;
      if (more) {
        next = fetchPage({ ...later, page: pageNo + 1 }, controller.signal);
        // Handled when awaited below; this stops an unhandled rejection if the caller quits first.
        next.catch(() => {});
      }
      yield current;
      if (next === undefined) return;
      current = await next;
      pageNo++;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!controller.signal.aborted) controller.abort(new Error('page walk finished'));
  }
}

function pinnedEndDate(first: InboundsPage, endDate: Date | undefined): Date | undefined {
  let newest = -Infinity;
  for (const m of first.inbounds) newest = Math.max(newest, m.received_at.getTime());
  if (newest === -Infinity) return undefined;
  const pin = Math.ceil((newest + 1) / 1000) * 1000;
  if (endDate !== undefined && endDate.getTime() <= pin) return undefined;
  return new Date(pin);
}
