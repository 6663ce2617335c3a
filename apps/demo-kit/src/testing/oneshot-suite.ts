import { describe, expect, it } from 'vitest';
import { runDemo, type DemoApp } from './start-demo.js';

/**
 * The smoke test: `DEMO_ONESHOT=1 PORT=0` receives the seeded messages through the
 * verified webhook, prints each and exits 0; a partial set of credentials is refused.
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
        'received mo_media from +12015550125 to 12017777777: "Weekend photos — One picture made it, the other upload failed." (1 attachment(s) uploaded, 1 failed)',
      );
      expect(output).toContain('oneshot: received all 3 seeded messages; exiting');
      expect(code).toBe(0);
    });

    it('refuses a partial set of Sinch credentials with a message naming what is missing', async () => {
      const { code, output } = await runDemo(app, { DEMO_ONESHOT: '1', PORT: '0', SINCH_SERVICE_PLAN_ID: 'plan' });
      expect(output).toContain('missing: SINCH_API_TOKEN, SINCH_REGION, SINCH_WEBHOOK_SECRET');
      expect(code).toBe(1);
    });
  });
}
