import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockSkewMonitor } from '../../src/receiver/freshness/clock-skew.js';
import { DedupeGate } from '../../src/receiver/dedupe/dedupe-gate.js';
import { LateRedeliveryVoucher } from '../../src/receiver/freshness/late-redelivery.js';
import { StoreHealth } from '../../src/receiver/stores/store-health.js';
import { createWebhookReceiver, MemoryDedupeStore, silentLogger, type DedupeStore } from '../../src/index.js';
import { moText, NOW, SECRET, signed } from './fixtures.js';

const W = 300_000; // the default tolerance window, ms
const TTL = 24 * 3_600_000;
const SKEW = 400_000; // Sinch's clock runs this far ahead of the receiver's: more than the window

function voucherOn(store: DedupeStore) {
  const gate = new DedupeGate(store, { ttlMs: TTL, leaseMs: 60_000, waitMs: 1_000, storeTimeoutMs: 1_000, health: new StoreHealth('dedupe store', silentLogger) });
  // A monitor that has seen nothing yet: a process that has just started.
  return new LateRedeliveryVoucher(gate, new ClockSkewMonitor(silentLogger, W), W);
}

describe('the late-redelivery voucher counts clock leads it has not observed itself', () => {
  it('the lead of the signature it judges: a signature 400 s ahead on a fresh monitor, signed less than window + 400 s after the memory began, is not vouched for', async () => {
    const store = new MemoryDedupeStore({ now: () => NOW });
    const voucher = voucherOn(store);
    const signedAt = NOW + W + 200_000;
    // Handled before the memory began is possible: at NOW − 200 s by this clock it was
    // NOW + 200 s by Sinch's, before this signature.
    expect(await voucher.vouch('mo:01AHEAD', signedAt, signedAt - SKEW)).toBe('memory_too_young');
    // One signed after the memory began plus window plus its own lead is vouched for.
    expect(await voucher.vouch('mo:01AHEAD', NOW + W + SKEW, NOW + W)).toBe(true);
  });

  it("the lead recorded in the store, by another receiver or before a restart: the store's record counts", async () => {
    const store = new MemoryDedupeStore({ now: () => NOW });
    // An earlier receiver on this store saw Sinch 400 s ahead.
    expect(await store.recordClockLead(SKEW)).toBe(SKEW);
    expect(await store.recordClockLead(10_000)).toBe(SKEW);
    const voucher = voucherOn(store);
    const signedAt = NOW + W + 200_000;
    // Judged 13 min after signing: its own lead is negative, the store's is not.
    expect(await voucher.vouch('mo:01STALE', signedAt, signedAt + 780_000)).toBe('memory_too_young');
    expect(await voucher.vouch('mo:01STALE', NOW + W + SKEW, NOW + W + SKEW + 780_000)).toBe(true);
  });

  it('a store without recordClockLead is still asked for rememberedSince alone (user stores keep working)', async () => {
    const inner = new MemoryDedupeStore({ now: () => NOW });
    const store: DedupeStore = {
      claim: (k, l) => inner.claim(k, l),
      complete: (k, t) => inner.complete(k, t),
      release: (k) => inner.release(k),
      rememberedSince: () => inner.rememberedSince(),
    };
    const voucher = voucherOn(store);
    expect(await voucher.vouch('mo:01USER', NOW + W + 1000, NOW + W + 1000 + 780_000)).toBe(true);
    // The lead of the signature judged counts with such a store too.
    expect(await voucher.vouch('mo:01USER', NOW + W + 200_000, NOW + W + 200_000 - SKEW)).toBe('memory_too_young');
  });
});

describe('clock 400 s behind Sinch, a receiver restarted on the same store', () => {
  it("the original request, handled before the store's memory began and replayed 13 min later, is refused: the store kept the lead the first receiver saw", async () => {
    let clock = NOW;
    let memoryBegan = NOW - 3_600_000;
    let memory = new MemoryDedupeStore({ now: () => clock });
    let lead = 0;
    // A shared store whose memory begins again when the test says, its records gone, and
    // which keeps the clock lead recorded with its marker: the contract under test.
    const store: DedupeStore = {
      claim: (k, l) => memory.claim(k, l),
      complete: (k, t) => memory.complete(k, t),
      release: (k) => memory.release(k),
      rememberedSince: async () => memoryBegan,
      recordClockLead: async (aheadMs) => (lead = Math.max(lead, aheadMs)),
    };
    const receiver = () => {
      const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => clock, dedupe: store });
      const handled: string[] = [];
      r.on('mo_text', (m) => void handled.push(m.id));
      return { r, handled };
    };
    const send = (r: ReturnType<typeof receiver>['r'], body: string, signedAtMs: number, nonce: string) =>
      r.handle({ method: 'POST', headers: signed(body, { timestamp: Math.floor(signedAtMs / 1000), nonce }), body });

    const first = receiver();
    const body = moText('01SKEWRESTART');
    const signedAt = clock + SKEW;
    expect((await send(first.r, body, signedAt, 'original')).status).toBe(200);
    expect(first.handled).toEqual(['01SKEWRESTART']);
    // 50 s later the memory begins again (its record of the message gone), and the
    // receiver restarts: a new one on the same store, which has seen no signature yet.
    clock += 50_000;
    memoryBegan = clock;
    memory = new MemoryDedupeStore({ now: () => clock });
    const second = receiver();
    clock += 730_000;
    const replay = await send(second.r, body, signedAt, 'original');
    expect(replay.status).toBe(401);
    expect(second.handled).toEqual([]);
  });
});

describe('a store that keeps the clock lead with its marker, as a property', () => {
  it('a message handled before the memory began again, with a receiver restarted meanwhile, is never handled again, whatever the skew (up to ten windows) and whenever it is replayed outside the window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -3 * W, max: 10 * W }), // how far Sinch's clock runs ahead of the receivers'
        fc.integer({ min: 1, max: 2 * W }), // the memory begins again (and the receiver restarts) this long after the handling
        fc.integer({ min: 0, max: TTL - 2 * W }), // the original request comes back this long after that (outside the window)
        async (skew, restartAfter, replayAfter) => {
          let clock = NOW;
          let memoryBegan = NOW - TTL; // old enough to vouch for the first delivery whatever the skew
          let memory = new MemoryDedupeStore({ now: () => clock });
          let lead = 0;
          const store: DedupeStore = {
            claim: (k, l) => memory.claim(k, l),
            complete: (k, t) => memory.complete(k, t),
            release: (k) => memory.release(k),
            rememberedSince: async () => memoryBegan,
            recordClockLead: async (aheadMs) => (lead = Math.max(lead, aheadMs)),
          };
          let runs = 0;
          const receiver = () => {
            const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => clock, dedupe: store });
            r.on('mo_text', () => void runs++);
            return r;
          };
          const body = moText('01PROPERTY');
          const signedAt = Math.floor((clock + skew) / 1000) * 1000;
          const headers = signed(body, { timestamp: signedAt / 1000, nonce: 'original' });
          expect((await receiver().handle({ method: 'POST', headers, body })).status).toBe(200);
          expect(runs).toBe(1);
          clock += restartAfter;
          memoryBegan = clock;
          memory = new MemoryDedupeStore({ now: () => clock });
          const restarted = receiver();
          clock += replayAfter;
          // Inside the window a fresh nonce memory answers, and it does not survive a restart
          // (README, "what can still lose a message"); this is about what the memory vouches for.
          if (Math.abs(signedAt - clock) <= W) clock = signedAt + W + 1000;
          await restarted.handle({ method: 'POST', headers, body });
          expect(runs).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
