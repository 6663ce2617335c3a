import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDemo, type DemoApp } from './start-demo.js';

/**
 * The smoke test: `DEMO_ONESHOT=1 PORT=0` receives the seeded messages through the
 * verified webhook, prints each and exits 0; a partial set of credentials is refused; the
 * app's `.env.example`, every value blank and commented, copied to `.env` runs the simulator.
 * Call it at the top level of a test file; it runs the app's built `dist/main.js`.
 */
export function describeOneshotSuite(app: DemoApp): void {
  describe(`the ${app.framework} demo with DEMO_ONESHOT=1`, () => {
    it('receives the three seeded messages through the verified webhook, prints each and exits 0', async () => {
      const { code, output } = await runDemo(app, { DEMO_ONESHOT: '1', PORT: '0' });
      expect(output).toMatch(/Open http:\/\/localhost:\d+\/ to see the inbox/);
      expect(output).toContain('received mo_text from +12015550123 to 12017777777: "Hello from the Sinch simulator 👋"');
      expect(output).toContain('received mo_binary from +12015550124 to 12017777777: 24 bytes, UDH 050003CC0201');
      expect(output).toContain(
        'received mo_media from +12015550125 to 12017777777: "Weekend photos — One picture made it, the other upload failed." (1 attachment(s) uploaded, 1 failed: Bucket not found)',
      );
      expect(output).toContain('oneshot: received all 3 seeded messages; exiting');
      expect(code).toBe(0);
    });

    it('refuses a partial set of Sinch credentials with a message naming what is missing', async () => {
      const { code, output } = await runDemo(app, { DEMO_ONESHOT: '1', PORT: '0', SINCH_SERVICE_PLAN_ID: 'plan' });
      expect(output).toContain('missing: SINCH_API_TOKEN, SINCH_REGION, SINCH_WEBHOOK_SECRET');
      expect(code).toBe(1);
    });

    it('ships a .env.example with every value blank and commented, which copied to .env runs the simulator', async () => {
      const example = fileURLToPath(new URL('.env.example', app.dir));
      const lines = (await readFile(example, 'utf8')).split('\n');
      const assignments = lines.flatMap((line, i) => (/^\s*[A-Z_]+=/.test(line) ? [i] : []));
      expect(assignments.length).toBeGreaterThan(4);
      for (const i of assignments) {
        expect(lines[i], 'blank value').toMatch(/^[A-Z_]+=$/);
        expect(lines[i - 1], `comment above ${lines[i]}`).toMatch(/^# \S/);
      }
      const dir = await mkdtemp(join(tmpdir(), 'demo-dotenv-'));
      try {
        await copyFile(example, join(dir, '.env'));
        const { code, output } = await runDemo(app, { DEMO_ONESHOT: '1', PORT: '0' }, dir);
        expect(output).toContain('simulator mode');
        expect(output).toContain('oneshot: received all 3 seeded messages; exiting');
        expect(code).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
