import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { InboundsClient, silentLogger } from '@sinch-inbounds/core';
import { collect, until } from './support.js';

let sim: SinchSimulator;
let client: InboundsClient;

beforeEach(async () => {
  sim = await startSinchSimulator({ seed: 11 });
  client = new InboundsClient({ servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, logger: silentLogger });
});

afterEach(async () => {
  await sim.close();
});

const listRequests = (): ReturnType<SinchSimulator['requests']> => sim.requests().filter((r) => r.route === 'list');

describe('pages', () => {
  it.each([
    [0, 100, 1],
    [1, 100, 1],
    [99, 100, 1],
    [100, 100, 1],
    [101, 100, 2],
    [250, 100, 3],
    [300, 100, 3],
    [7, 3, 3],
  ])('walks %i inbounds at page size %i in exactly %i request(s)', async (n, pageSize, requests) => {
    sim.seed(n);
    const pages = await collect(client.pages({ pageSize }));
    expect(pages.flatMap((p) => p.inbounds.map((m) => m.id))).toEqual(sim.inbounds().map((m) => m.id));
    expect(listRequests()).toHaveLength(requests);
    expect(listRequests().map((r) => r.query.page)).toEqual(Array.from({ length: requests }, (_, i) => String(i)));
    expect(listRequests().every((r) => r.query.page_size === String(pageSize))).toBe(true);
  });

  it('sends page_size 100 when none is given', async () => {
    sim.seed(3);
    await collect(client.pages());
    expect(listRequests()[0]!.query.page_size).toBe('100');
  });

  it('stops on an empty page even when count says more', async () => {
    sim.seed(5);
    // Starting past the end: the page is empty though count is 5.
    const pages = await collect(client.pages({ page: 3, pageSize: 2 }));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.inbounds).toEqual([]);
    expect(listRequests()).toHaveLength(1);
  });

  it('starts at the given page', async () => {
    sim.seed(10);
    const pages = await collect(client.pages({ page: 2, pageSize: 3 }));
    expect(pages.map((p) => p.page)).toEqual([2, 3]);
    expect(pages.flatMap((p) => p.inbounds.map((m) => m.id))).toEqual(sim.inbounds().slice(6).map((m) => m.id));
  });

  it('pins end_date after the first page to the end of the newest message second', async () => {
    sim.seed(5);
    await collect(client.pages({ pageSize: 2 }));
    const [first, ...later] = listRequests();
    expect(first!.query.end_date).toBeUndefined();
    const newest = Date.parse(sim.inbounds()[0]!.received_at);
    const pin = Math.ceil((newest + 1) / 1000) * 1000;
    expect(later.map((r) => r.query.end_date)).toEqual([new Date(pin).toISOString(), new Date(pin).toISOString()]);
  });

  it('keeps an earlier user end_date, replaces a later one', async () => {
    await sim.send({ received_at: '2024-06-06T10:00:00.250Z' });
    await sim.send({ received_at: '2024-06-06T10:00:00.500Z' });
    await sim.send({ received_at: '2024-06-06T10:00:03.000Z' });
    const startDate = '2024-06-06T00:00:00Z';
    // Newest before the user's end is 00.500, pinned to 01.000: the user's 00.600 is earlier and stays.
    await collect(client.pages({ pageSize: 1, startDate, endDate: '2024-06-06T10:00:00.600Z' }));
    expect(listRequests().map((r) => r.query.end_date)).toEqual(['2024-06-06T10:00:00.600Z', '2024-06-06T10:00:00.600Z']);
    sim.resetRequests();
    // Newest is 03.000, pinned to 04.000, earlier than the user's 05.000.
    await collect(client.pages({ pageSize: 1, startDate, endDate: '2024-06-06T10:00:05Z' }));
    expect(listRequests().map((r) => r.query.end_date)).toEqual([
      '2024-06-06T10:00:05.000Z',
      '2024-06-06T10:00:04.000Z',
      '2024-06-06T10:00:04.000Z',
    ]);
  });

  it('stops prefetching when the caller breaks out early', async () => {
    sim.seed(50);
    const oneAhead = new InboundsClient({
      servicePlanId: sim.servicePlanId,
      apiToken: sim.apiToken,
      baseUrl: sim.url,
      logger: silentLogger,
      prefetchPages: 0,
    });
    for await (const page of oneAhead.pages({ pageSize: 10 })) {
      expect(page.page).toBe(0);
      break;
    }
    expect(listRequests()).toHaveLength(1);
  });

  it('requests at most prefetchPages pages ahead', async () => {
    sim.seed(50);
    const pages = client.pages({ pageSize: 10 })[Symbol.asyncIterator]();
    await pages.next();
    await until(() => listRequests().length >= 3);
    // Give a wrongly started fourth request time to show up.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listRequests().map((r) => r.query.page)).toEqual(['0', '1', '2']);
    await pages.return?.();
  });
});

describe('iterate', () => {
  it('yields every inbound once, newest first, across pages', async () => {
    sim.seed(250);
    const ids = (await collect(client.iterate({ pageSize: 100 }))).map((m) => m.id);
    expect(ids).toEqual(sim.inbounds().map((m) => m.id));
    expect(listRequests()).toHaveLength(3);
  });

  it('can be looped over again, each loop a fresh walk', async () => {
    sim.seed(15);
    const all = client.iterate({ pageSize: 10 });
    const first = (await collect(all)).map((m) => m.id);
    const second = (await collect(all)).map((m) => m.id);
    expect(first).toHaveLength(15);
    expect(second).toEqual(first);
    expect(listRequests()).toHaveLength(4);
  });

  it('yields nothing and makes one request when nothing matches', async () => {
    sim.seed(20);
    expect(await collect(client.iterate({ to: '19999999999' }))).toEqual([]);
    expect(listRequests()).toHaveLength(1);
  });

  it('never yields a message twice when new ones arrive while paging', async () => {
    sim.seed(95);
    const snapshot = sim.inbounds().map((m) => m.id);
    const newestAt = sim.inbounds()[0]!.received_at;
    const seen: (string | undefined)[] = [];
    let i = 0;
    for await (const msg of client.iterate({ pageSize: 10 })) {
      seen.push(msg.id);
      if (i++ % 7 === 0) {
        // A fresh message (after the snapshot) and one in the snapshot's last second: both
        // push older messages one place down the newest-first pages.
        await sim.send({ body: 'arrived while paging' });
        await sim.send({ received_at: newestAt, body: 'same second as the newest' });
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(snapshot);
  });

  it('stays exact when a burst larger than a page arrives mid-walk', async () => {
    sim.seed(60);
    const snapshot = sim.inbounds().map((m) => m.id);
    const seen: (string | undefined)[] = [];
    for await (const msg of client.iterate({ pageSize: 10 })) {
      seen.push(msg.id);
      if (seen.length === 1) for (let i = 0; i < 25; i++) await sim.send({ body: `burst ${i}` });
    }
    expect(seen).toEqual(snapshot);
  });

  it('refetches a prefetched page when the server handled pages out of order around an arrival', async () => {
    sim.seed(60);
    const snapshot = sim.inbounds().map((m) => m.id);
    const newestAt = sim.inbounds()[0]!.received_at;
    let page2Answered!: () => void;
    const page2Done = new Promise<void>((resolve) => (page2Answered = resolve));
    let delayed = false;
    // A real request over the socket, only held back: page 1 reaches the server after
    // page 2 and after a late message landed in the snapshot — the order a busy server
    // may well produce. Without the count check, one message would fall into the gap.
    const reordering = async (url: string, init: RequestInit): Promise<Response> => {
      const page = new URL(url).searchParams.get('page');
      if (page === '1' && !delayed) {
        delayed = true;
        await page2Done;
        await sim.send({ received_at: newestAt, body: 'late arrival inside the snapshot' });
      }
      const response = await fetch(url, init);
      if (page === '2') page2Answered();
      return response;
    };
    const reorderingClient = new InboundsClient({
      servicePlanId: sim.servicePlanId,
      apiToken: sim.apiToken,
      baseUrl: sim.url,
      logger: silentLogger,
      prefetchPages: 2,
      fetch: reordering,
    });
    const seen = (await collect(reorderingClient.iterate({ pageSize: 10 }))).map((m) => m.id);
    expect(seen).toEqual(snapshot);
    expect(listRequests().filter((r) => r.query.page === '2')).toHaveLength(2);
  });

  it('deduplicates by id when arrivals shift pages and no pin applies', async () => {
    sim.seed(40);
    const expected = sim.inbounds().slice(10).map((m) => m.id);
    const seen: (string | undefined)[] = [];
    for await (const msg of client.iterate({ page: 1, pageSize: 10 })) {
      seen.push(msg.id);
      if (seen.length % 10 === 1) await sim.send({ body: 'arrived while paging' });
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);
  });
});
