import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, silentLogger } from '../../src/index.js';
import { moText, NOW, SECRET, signed } from './fixtures.js';

/** Lets `n` turns of the event loop pass (a handler's work, a copy arriving a little later). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('the same signed request delivered again and again, as a property (issue 25, item 1)', () => {
  it('whatever the overlap of copies and the handler outcomes: never a 401, never two successes, never a 200 before a success, and a final copy is handled', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Waves of copies sent at once (each copy after a few turns), one wave after another.
        fc.array(fc.array(fc.nat(3), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        // What each run of the handler does, in the order the runs start: fail or not, after some turns.
        fc.array(fc.record({ fails: fc.boolean(), turns: fc.nat(4) }), { minLength: 8, maxLength: 8 }),
        async (waves, outcomes) => {
          const plan = [...outcomes];
          const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW });
          r.on('error', () => {});
          let runs = 0;
          let successes = 0;
          r.on('mo_text', async () => {
            const outcome = plan[runs++] ?? { fails: false, turns: 0 };
            await turns(outcome.turns);
            if (outcome.fails) throw new Error('database down');
            successes++;
          });
          const body = moText('01PROPERTY');
          const headers = signed(body, { nonce: 'the-original' });
          const send = async (after: number) => {
            await turns(after);
            const response = await r.handle({ method: 'POST', headers, body });
            // A 200 (accepted or duplicate) is only ever answered once the message was handled.
            if (response.status === 200) expect(successes).toBe(1);
            return response.status;
          };
          const statuses: number[] = [];
          for (const wave of waves) statuses.push(...(await Promise.all(wave.map(send))));
          expect(statuses.filter((s) => s !== 200 && s !== 500)).toEqual([]);
          expect(successes).toBeLessThanOrEqual(1);
          // Sinch goes on until a 200: the next copy is handled (or is the duplicate of the success).
          plan.fill({ fails: false, turns: 0 });
          expect(await send(0)).toBe(200);
          expect(successes).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
