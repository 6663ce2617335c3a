import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, MemoryDedupeStore, silentLogger } from '../../src/index.js';
import { moText, NOW, SECRET, signed } from './fixtures.js';

const W = 300_000;
const TTL = 24 * 3_600_000;

describe('vouching for late redeliveries, as properties', () => {
  // Inside the window the nonce memory answers for replays (and an in-process one does
  // not survive a restart either: README, "what can still lose a message"); this is about
  // the requests the dedupe memory is asked to vouch for, signed outside the window.
  it('a request handled before a restart and replayed outside the window is never handled again, whatever the clock skew within the window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -W, max: W }), // how far Sinch's clock runs ahead of ours
        fc.integer({ min: 1, max: 2 * W }), // the restart comes this long after the handling
        fc.integer({ min: 0, max: TTL + W }), // the replay comes this long after the restart (and outside the window)
        fc.boolean(), // whether fresh traffic showed the skew to the new process first
        async (skew, restartAfter, replayAfter, skewSeen) => {
          const handledAt = NOW; // our clock
          const signedAt = Math.floor((handledAt + skew) / 1000) * 1000; // Sinch's clock, whole seconds
          const restart = handledAt + restartAfter;
          let clock = restart;
          const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => clock, dedupe: new MemoryDedupeStore({ now: () => clock }) });
          let runs = 0;
          r.on('mo_text', (m) => void (m.id === '01CAPTURED' && runs++));
          if (skewSeen) {
            const other = moText('01OTHER');
            await r.handle({ method: 'POST', headers: signed(other, { timestamp: Math.floor((clock + skew) / 1000), nonce: 'other' }), body: other });
          }
          clock = Math.max(restart + replayAfter, signedAt + W + 1000);
          const body = moText('01CAPTURED');
          await r.handle({ method: 'POST', headers: signed(body, { timestamp: signedAt / 1000, nonce: 'captured' }), body });
          // Handled before the restart: the new process must not run it again.
          expect(runs).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a message never handled, redelivered as the original request any time within dedupeTtlMs, is handled exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 * W }), // signed this long after the memory began, past one window
        fc.array(fc.integer({ min: 0, max: TTL - 1000 }), { minLength: 1, maxLength: 4 }), // copies arrive this long after signing
        async (afterWindow, arrivals) => {
          let clock = NOW;
          const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => clock, dedupe: new MemoryDedupeStore({ now: () => clock }) });
          let runs = 0;
          r.on('mo_text', () => void runs++);
          const signedAt = Math.ceil((NOW + W + afterWindow) / 1000) * 1000;
          const body = moText('01ORIGINAL');
          const headers = signed(body, { timestamp: signedAt / 1000, nonce: 'original' });
          const statuses: number[] = [];
          for (const after of [...arrivals].sort((a, b) => a - b)) {
            clock = signedAt + after;
            statuses.push((await r.handle({ method: 'POST', headers, body })).status);
          }
          expect(statuses[0]).toBe(200);
          expect(runs).toBe(1);
          // Later copies: 200 duplicates; inside the window the same nonce is a replay (401),
          // harmless here, as the message was handled.
          for (const [i, status] of statuses.entries()) {
            if (i > 0) expect(status === 200 || (status === 401 && arrivals.some((a) => a <= W))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
