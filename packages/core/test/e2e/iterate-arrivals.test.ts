import { afterEach, describe, expect, it } from 'vitest';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import type { InboundsPageItem } from '../../src/index.js';
import { arrivalsBetweenRequests, clientFor } from './support/arrivals.js';
import { notOnce, startRig, type ReconcileRig } from '../reconcile/support.js';

// Issue 25, item 3, end to end: 150 messages (250 at page size 100) arrive inside the
// second that the first page's newest message belongs to while iterate() pages through
// a simulator that fails, drops and delays list requests.

const FAULTS = { list: { errorRate: 0.15, errorStatus: 503, dropRate: 0.05, latencyMs: 2 } };

let sim: SinchSimulator | undefined;
let rig: ReconcileRig | undefined;
afterEach(async () => {
  await sim?.close();
  await rig?.close();
  sim = undefined;
  rig = undefined;
});

const secondOf = (item: InboundsPageItem): number => Math.floor(('received_at' in item ? item.received_at.getTime() : NaN) / 1000);

describe('iterate() on the simulator with arrivals in the pinned second, through faults', () => {
  it.each([
    [1, 50, 150, 25],
    [2, 50, 150, 150],
    [3, 100, 250, 25],
    [4, 100, 250, 250],
  ])('seed %i, page size %i, %i arrivals (%i between two requests): every snapshot message exactly once, in order; nothing twice; never newer after older', async (seed, pageSize, arrivals, perRequest) => {
    sim = await startSinchSimulator({ seed, faults: FAULTS });
    const { fetch: hooked, added } = await arrivalsBetweenRequests(sim, 1000, pageSize + 10, arrivals, perRequest);
    const snapshot = sim.inbounds().map((m) => m.id);

    const items: InboundsPageItem[] = [];
    for await (const item of clientFor(sim, hooked).iterate({ pageSize })) items.push(item);

    expect(added()).toBe(arrivals);
    const ids = items.map((m) => m.id!);
    expect(ids.length - new Set(ids).size).toBe(0);
    const inSnapshot = new Set(snapshot);
    expect(ids.filter((id) => inSnapshot.has(id))).toEqual(snapshot);
    expect(items.every((item, i) => i === 0 || secondOf(item) <= secondOf(items[i - 1]!))).toBe(true);
    // The faults really happened.
    expect(sim.requests().some((r) => r.route === 'list' && r.fault !== undefined)).toBe(true);
  });
});

describe('reconcile() while a burst of 250 messages arrives in the pinned second (page size 100), through faults', () => {
  it.each([
    ['off (dedupe: false)', false],
    ['on', true],
  ] as const)('dedupe %s: every message of the window handled exactly once, none counted as a duplicate', async (_, dedupe) => {
    rig = await startRig(dedupe ? {} : { receiver: { secret: 'reconcile-secret', dedupe: false } });
    // Nothing goes by webhook: every message reaches the handlers through reconcile only.
    rig.simulator.setWebhook(undefined);
    rig.simulator.setFaults(FAULTS);
    const { fetch: hooked, added } = await arrivalsBetweenRequests(rig.simulator, 1000, 110, 250, 250);
    const snapshot = rig.simulator.inbounds().map((m) => m.id);

    const report = await rig.receiver.reconcile({ iterate: (p) => clientFor(rig!.simulator, hooked).iterate(p) }, { since: new Date(Date.now() - 24 * 60 * 60 * 1000) });

    expect(added()).toBe(250);
    expect(notOnce(rig.handled, snapshot)).toEqual([]);
    // Arrivals the walk reached are handled too, each once; none twice.
    expect([...rig.handled.values()].every((n) => n === 1)).toBe(true);
    expect(report).toMatchObject({ seen: rig.handled.size, handled: rig.handled.size, duplicates: 0, failed: 0, deferred: 0 });
  });
});
