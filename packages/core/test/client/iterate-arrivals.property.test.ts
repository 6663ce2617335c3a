import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InboundsClient, silentLogger } from '@sinch-inbounds/core';
import { startListServer } from './list-server.js';
import { collect } from './support.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What happens before the server answers the request with this index. */
const step = fc.record({
  arrivals: fc.integer({ min: 0, max: 40 }),
  /** Where they land: after the newest message of the busy second, among its messages, or deep in the list (indexed late). */
  where: fc.constantFrom('top', 'busy', 'older'),
  fail: fc.boolean(),
  /** Holds the answer back a little, so concurrent pages are answered in varying order. */
  delayMs: fc.integer({ min: 0, max: 3 }),
});

const walk = fc.record({
  older: fc.integer({ min: 0, max: 200 }),
  busy: fc.integer({ min: 1, max: 120 }),
  pageSize: fc.integer({ min: 5, max: 60 }),
  prefetch: fc.integer({ min: 0, max: 3 }),
  withStartDate: fc.boolean(),
  schedule: fc.array(step, { maxLength: 30 }),
});

describe('iterate() under any schedule of arrivals, failures and reordering (property)', () => {
  it('yields every snapshot message once, in order; nothing twice; never a later second after an earlier one; exact requests without arrivals', async () => {
    await fc.assert(
      fc.asyncProperty(walk, async (c) => {
        const now = Math.floor(Date.now() / 1000) * 1000;
        const busySecond = now - 5_000;
        const server = await startListServer(now);
        try {
          for (let i = 0; i < c.older; i++) server.add(now - 3_600_000 + i * 9_000);
          for (let i = 0; i < c.busy; i++) server.add(busySecond + i * 5);
          let snapshot: string[] = [];
          let arrived = 0;
          let failures = 0;
          server.beforeAnswer = async (request, s) => {
            if (request.index === 0) snapshot = s.ids();
            const plan = c.schedule[request.index];
            if (plan === undefined) return;
            if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
            // Arrivals come only once the first page was answered: they are not in the snapshot.
            if (request.index > 0) {
              for (let k = 0; k < plan.arrivals; k++, arrived++) {
                if (plan.where === 'top') s.add(busySecond + 600 + (arrived % 400));
                else if (plan.where === 'busy') s.add(busySecond + ((arrived * 7) % 600));
                else s.add(now - 3_600_000 + ((arrived * 7_919) % 1_800_000));
              }
            }
            if (plan.fail) {
              failures++;
              return 503;
            }
          };
          const client = new InboundsClient({
            servicePlanId: server.servicePlanId,
            apiToken: server.apiToken,
            baseUrl: server.url,
            logger: silentLogger,
            prefetchPages: c.prefetch,
            maxRetries: 31,
            retry: { baseDelayMs: 1, maxDelayMs: 2 },
          });
          const params = c.withStartDate ? { pageSize: c.pageSize, startDate: new Date(now - DAY_MS) } : { pageSize: c.pageSize };
          const items = await collect(client.iterate(params));
          const ids = items.map((m) => m.id!);

          expect(new Set(ids).size).toBe(ids.length);
          const inSnapshot = new Set(snapshot);
          expect(ids.filter((id) => inSnapshot.has(id))).toEqual(snapshot);
          const seconds = items.map((m) => ('received_at' in m ? Math.floor(m.received_at.getTime() / 1000) : NaN));
          expect(seconds.every((sec, i) => i === 0 || sec <= seconds[i - 1]!)).toBe(true);
          if (arrived === 0 && failures === 0) {
            expect(server.requests).toHaveLength(Math.max(1, Math.ceil(snapshot.length / c.pageSize)));
          }
        } finally {
          await server.close();
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000); // up to 60 walks of ~70 requests each on a loaded machine: a ceiling, not a speed check
});
