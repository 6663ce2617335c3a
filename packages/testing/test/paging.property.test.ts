import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSinchSimulator, type SinchSimulator, type WireInbound } from '@sinch-inbounds/testing';

const NOW = Date.UTC(2025, 0, 13, 12, 0, 0);
let sim: SinchSimulator;
beforeAll(async () => {
  sim = await startSinchSimulator({ seed: 3, now: () => NOW });
});
afterAll(async () => sim.close());

const message = fc.record({
  offsetMs: fc.integer({ min: 0, max: 30 * 3600_000 }),
  to: fc.constantFrom('12017777777', '+12017777777', '46700000000'),
  ref: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
});

test('paging through any filtered store yields every match exactly once, newest first', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(message, { maxLength: 40 }),
      fc.integer({ min: 1, max: 100 }),
      fc.constantFrom(undefined, '12017777777', '46700000000,12017777777'),
      fc.constantFrom(undefined, 'a'),
      async (messages, pageSize, to, ref) => {
        sim.clearInbounds();
        messages.forEach((m, i) => {
          void sim.send({ id: `M${String(i).padStart(3, '0')}`, to: m.to, client_reference: m.ref, received_at: new Date(NOW - m.offsetMs) });
        });
        const query = new URLSearchParams({ page_size: String(pageSize) });
        if (to !== undefined) query.set('to', to);
        if (ref !== undefined) query.set('client_reference', ref);
        const seen: WireInbound[] = [];
        for (let page = 0; ; page++) {
          query.set('page', String(page));
          const res = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds?${query}`, {
            headers: { authorization: `Bearer ${sim.apiToken}` },
          });
          const body = (await res.json()) as { count: number; page_size: number; inbounds: WireInbound[] };
          expect(body.page_size).toBe(body.inbounds.length);
          seen.push(...body.inbounds);
          if (body.inbounds.length < pageSize) break;
        }
        const wanted = new Set(to?.split(','));
        const expected = messages
          .map((m, i) => ({ ...m, i, id: `M${String(i).padStart(3, '0')}`, ms: NOW - m.offsetMs }))
          .filter((m) => m.ms >= NOW - 24 * 3600_000)
          .filter((m) => to === undefined || wanted.has(m.to.replace(/^\+/, '')))
          .filter((m) => ref === undefined || m.ref === ref)
          .sort((a, b) => b.ms - a.ms || b.i - a.i) // ties: latest stored first
          .map((m) => m.id);
        expect(seen.map((m) => m.id)).toEqual(expected);
      },
    ),
    { numRuns: 60 },
  );
});
