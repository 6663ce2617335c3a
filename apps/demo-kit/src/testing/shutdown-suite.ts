import { describe, expect, it } from 'vitest';
import { startDemo, type DemoApp } from './start-demo.js';

const SEEDED = 3;
// The stop must land while the seeded messages are still arriving; on a very fast run it
// can come after the third, which proves nothing, so such a run is repeated.
const ATTEMPTS = 5;

/**
 * Stopping the demo while it seeds: SIGINT (Ctrl+C) and SIGTERM sent the moment it prints
 * its URL — when the simulator starts delivering the three seeded messages — end it with
 * exit code 0 and no error or stack trace. Call it at the top level of a test file.
 */
export function describeShutdownSuite(app: DemoApp): void {
  describe(`stopping the ${app.framework} demo while it seeds`, () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`exits 0 with no error on ${signal}`, async () => {
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          const demo = await startDemo(app);
          const code = await demo.stop(signal);
          const output = demo.output();
          expect(output).not.toMatch(/error|^\s+at /im);
          expect(code).toBe(0);
          if ((output.match(/ received /g) ?? []).length < SEEDED) return;
        }
        expect.fail(`every ${signal} of ${ATTEMPTS} came after all ${SEEDED} seeded messages arrived: seeding was never interrupted`);
      });
    }
  });
}
