import { afterEach, describe, expect, it } from 'vitest';
import { InboundsClient, silentLogger, type InboundsPageItem } from '@sinch-inbounds/core';
import { startListServer, type ListServer } from './list-server.js';
import { collect } from './support.js';

// Issue 25, items 3 and 4: messages arriving while `iterate()` pages, against a small
// independent server whose answers are computed after the test has changed the list.

const DAY_MS = 24 * 60 * 60 * 1000;
// Near the real clock: without `startDate` the client pins its own clock's 24 h window.
const NOW = Math.floor(Date.now() / 1000) * 1000;
/** The second page 0's newest message belongs to: `end_date` of later pages is pinned to its end. */
const BUSY_SECOND = NOW - 5_000;

let server: ListServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function clientFor(s: ListServer, prefetchPages: number): InboundsClient {
  return new InboundsClient({
    servicePlanId: s.servicePlanId,
    apiToken: s.apiToken,
    baseUrl: s.url,
    logger: silentLogger,
    prefetchPages,
    maxRetries: 5,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
}

const idsOf = (items: readonly InboundsPageItem[]): string[] => items.map((m) => m.id!);
const secondOf = (item: InboundsPageItem): number => Math.floor(('received_at' in item ? item.received_at.getTime() : NaN) / 1000);

/** Ids that occur more than once. */
function repeated(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => seen.has(id) || !seen.add(id));
}

/** Whether an item from a later second ever comes after one from an earlier second. */
function outOfOrder(items: readonly InboundsPageItem[]): boolean {
  return items.some((item, i) => i > 0 && secondOf(item) > secondOf(items[i - 1]!));
}

describe('iterate() while many messages arrive inside the pinned second (item 3)', () => {
  it.each([
    [120, 50, 2],
    [150, 50, 2],
    [150, 50, 0],
    [250, 100, 2],
  ])('%i arrivals at page size %i (prefetch %i): each snapshot message exactly once, in order, nothing twice', async (arrivals, pageSize, prefetch) => {
    server = await startListServer(NOW);
    for (let i = 0; i < 400; i++) server.add(NOW - 3_600_000 + i * 7_000);
    // A busy second: more than a page of messages, so page 0 lies inside it entirely.
    for (let i = 0; i < pageSize + 10; i++) server.add(BUSY_SECOND + i * 5);
    let snapshot: string[] = [];
    let added = 0;
    server.beforeAnswer = (request, s) => {
      if (request.index === 0) {
        snapshot = s.ids();
        return;
      }
      // Between requests, a share of the arrivals lands in the busy second: most after
      // its newest message (they push every later page down), some between its messages.
      for (let n = 0; n < Math.ceil(arrivals / 4) && added < arrivals; n++, added++) {
        s.add(added % 3 === 0 ? BUSY_SECOND + 1 + (added % 50) * 5 : BUSY_SECOND + 600 + added);
      }
    };
    const items = await collect(clientFor(server, prefetch).iterate({ pageSize, startDate: new Date(NOW - DAY_MS) }));
    expect(added).toBe(arrivals);
    const ids = idsOf(items);
    expect(repeated(ids)).toEqual([]);
    const inSnapshot = new Set(snapshot);
    expect(ids.filter((id) => inSnapshot.has(id))).toEqual(snapshot);
    expect(outOfOrder(items)).toBe(false);
  });
});

describe('a page retried after a later one was answered (item 4)', () => {
  /**
   * Page 1's first attempt fails (503) once page 2 has been answered; before the retry,
   * one message arrives inside the pinned second and `change` runs. Without detection,
   * page 2 (answered before the shift) and the shifted page 1 leave a gap of one message.
   */
  async function run(change: (s: ListServer) => void, startDate: Date | undefined): Promise<{ ids: string[]; snapshot: string[] }> {
    server = await startListServer(Date.now());
    // Just inside Sinch's default window (by a minute, the test's own run time): the
    // oldest falls out of it when the server's clock moves on.
    server.add(NOW - DAY_MS + 60_000);
    for (let i = 0; i < 149; i++) server.add(NOW - 3_600_000 + i * 10_000);
    let snapshot: string[] = [];
    let failed = false;
    server.beforeAnswer = async (request, s) => {
      if (request.index === 0) snapshot = s.ids(s.nowMs - DAY_MS);
      if (request.page !== 1) return;
      if (!failed) {
        failed = true;
        await s.whenAnswered((r) => r.page === 2);
        return 503;
      }
      s.add(s.receivedAt(snapshot[0]!) + 1);
      change(s);
    };
    const params = startDate === undefined ? { pageSize: 50 } : { pageSize: 50, startDate };
    const ids = idsOf(await collect(clientFor(server, 2).iterate(params)));
    return { ids, snapshot };
  }

  it('without startDate: a message falling out of the rolling 24 h window as one arrives hides none', async () => {
    const { ids, snapshot } = await run((s) => void (s.nowMs += 61_000), undefined);
    expect(repeated(ids)).toEqual([]);
    expect(ids.filter((id) => snapshot.includes(id))).toEqual(snapshot);
  });

  it('without startDate: every page asks for the same start, 24 h before the walk began', async () => {
    const before = Date.now();
    const { ids } = await run(() => {}, undefined);
    const after = Date.now();
    expect(ids.length).toBeGreaterThanOrEqual(150);
    const starts = new Set(server!.requests.map((r) => r.startDate));
    expect(starts.size).toBe(1);
    const start = Date.parse([...starts][0]!);
    expect(start).toBeGreaterThanOrEqual(before - DAY_MS - 1_000);
    expect(start).toBeLessThanOrEqual(after - DAY_MS);
  });

  it('a shift that leaves the count unchanged (one arrives, the oldest is dropped) is seen at the page boundary', async () => {
    const { ids, snapshot } = await run((s) => s.removeOldest(), new Date(NOW - 2 * DAY_MS));
    expect(repeated(ids)).toEqual([]);
    // The oldest may be gone before its page is read; every other message is yielded once, in order.
    expect(ids.filter((id) => snapshot.includes(id))).toEqual(snapshot.slice(0, -1));
    expect(server!.requests.filter((r) => r.page === 2)).toHaveLength(2);
  });
});
