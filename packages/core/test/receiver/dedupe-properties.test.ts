import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver } from '../../src/index.js';
import { moText, NOW, SECRET, signed, silentLogger } from './fixtures.js';

describe('dedupe properties', () => {
  it('whatever the interleaving of copies and failures: no id runs twice at once, and an acknowledged id was handled exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ id: fc.integer({ min: 0, max: 3 }), fails: fc.boolean(), delayMs: fc.integer({ min: 0, max: 3 }) }), {
          minLength: 1,
          maxLength: 16,
        }),
        async (deliveries) => {
          const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW });
          r.on('error', () => {});
          const running = new Map<string, number>();
          const successes = new Map<string, number>();
          let overlap = false;
          r.on('mo_text', async (m) => {
            const n = (running.get(m.id) ?? 0) + 1;
            running.set(m.id, n);
            if (n > 1) overlap = true;
            await new Promise((resolve) => setTimeout(resolve, 1));
            running.set(m.id, n - 1);
            if (m.body === 'fail') throw new Error('handler failure');
            successes.set(m.id, (successes.get(m.id) ?? 0) + 1);
          });
          let nonce = 0;
          const results = await Promise.all(
            deliveries.map(async ({ id, fails, delayMs }) => {
              await new Promise((resolve) => setTimeout(resolve, delayMs));
              const body = moText(`01ID${id}`, fails ? 'fail' : 'ok');
              const res = await r.handle({ method: 'POST', headers: signed(body, { nonce: `N${nonce++}` }), body });
              return { id: `01ID${id}`, res };
            }),
          );
          expect(overlap).toBe(false);
          for (const { id, res } of results) {
            expect([200, 500]).toContain(res.status);
            if (res.status === 200) expect(successes.get(id)).toBe(1);
          }
          for (const count of successes.values()) expect(count).toBe(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
