import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './browser.js';
import { recordPageProblems } from './page-problems.js';
import { startDemo, type DemoApp, type RunningDemo } from './start-demo.js';

// UPDATE_SCREENSHOTS=1 refreshes the picture in the repository's docs/ (two levels above
// the app's folder); otherwise the screenshot is still taken (the page must render) but
// lands in a temp folder.
const screenshotDir = (app: DemoApp): string => (process.env.UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/', app.dir)) : tmpdir());
const SEEDED = 3;
// The simulator's messages that were never delivered (UNDELIVERED_COUNT in the kit).
const UNDELIVERED = 3;

const items = (page: Page) => page.locator('#messages li.message');
const conversation = (page: Page, peer: string) => page.locator(`#messages > li.conversation[data-peer="${peer}"]`);
const ids = (page: Page) => items(page).evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.id ?? ''));

/**
 * The inbox page in headless Chromium: it names the framework, loads its icon with no
 * failed request or console error, shows the seeded text, binary and MMS, one
 * conversation per sender; a test SMS sent through the form appears without a reload, in
 * its sender's conversation; a reply typed under a conversation goes out through the
 * client and its tick follows the delivery reports to delivered; the outcome panel counts live, a refusal
 * by its reason; backfilling twice adds the undelivered
 * messages once. Ends with a screenshot (see
 * `UPDATE_SCREENSHOTS`). Call it at the top level of a test file.
 */
export function describeInboxBrowserSuite(app: DemoApp): void {
  describe(`the ${app.framework} inbox page in Chromium`, () => {
    let demo: RunningDemo;
    let browser: Browser;
    let page: Page;
    // What the browser console would show in red: failed requests and errors.
    const problems: string[] = [];

    beforeAll(async () => {
      demo = await startDemo(app);
      browser = await launchBrowser();
      page = await browser.context.newPage();
      recordPageProblems(page, problems);
      page.on('requestfailed', (request) => problems.push(`failed ${request.url()}`));
      await page.goto(demo.url);
    });

    afterAll(async () => {
      await browser?.close();
      expect(await demo?.stop()).toBe(0);
    });

    it('names the framework in its title and heading', async () => {
      await expect(page.title()).resolves.toBe(`SMS inbox · ${app.framework} · sinch-inbounds`);
      await expect(page.locator('h1').textContent()).resolves.toBe(`SMS inbox on ${app.framework}`);
    });

    it('loads its icon and everything else with nothing for the console to complain about', async () => {
      // Headless Chromium never asks for icons itself: load the declared one as an image.
      const iconWidth = await page.evaluate(async () => {
        const image = new Image();
        image.src = (document.querySelector('link[rel="icon"]') as HTMLLinkElement).href;
        await image.decode();
        return image.naturalWidth;
      });
      expect(iconWidth).toBeGreaterThan(0);
      // Inline (no REDIS_URL): no queue panel, and the page never asks for one.
      await expect(page.locator('#queue').isHidden()).resolves.toBe(true);
      expect(problems).toEqual([]);
    });

    it('shows the seeded text, binary and MMS, one conversation per sender, with sender, recipient, time and client reference', async () => {
      await page.waitForFunction((n) => document.querySelectorAll('#messages li.message').length === n, SEEDED);
      expect(new Set(await items(page).evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.type)))).toEqual(
        new Set(['mo_text', 'mo_binary', 'mo_media']),
      );
      const text = page.locator('#messages li.message[data-type="mo_text"]');
      await expect(text.locator('.content').textContent()).resolves.toBe('Hello from the Sinch simulator 👋');
      await expect(text.locator('.from').textContent()).resolves.toBe('+12015550123');
      await expect(text.locator('.to').textContent()).resolves.toBe('12017777777');
      await expect(text.locator('.ref').textContent()).resolves.toContain('demo-welcome');

      const binary = page.locator('#messages li.message[data-type="mo_binary"] .content');
      await expect(binary.textContent()).resolves.toContain('24 bytes of binary data');
      await expect(binary.locator('.udh').textContent()).resolves.toBe('050003CC0201');

      const mms = page.locator('#messages li.message[data-type="mo_media"] .content');
      await expect(mms.locator('.subject').textContent()).resolves.toBe('Weekend photos');
      await expect(mms.locator('.text').textContent()).resolves.toBe('One picture made it, the other upload failed.');
      await page.waitForFunction(() => ((document.querySelector('.media .uploaded img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
      await expect(mms.locator('.failed').textContent()).resolves.toBe('✕ upload failed: Bucket not found (image/jpeg, code 2)');

      // Three senders, three conversations, the one with the newest message first.
      const latest = await page.locator('#messages > li.conversation').evaluateAll((convs) =>
        convs.map((c) => Math.max(...Array.from(c.querySelectorAll('li.message time'), (el) => Date.parse((el as HTMLTimeElement).dateTime)))),
      );
      expect(latest).toHaveLength(SEEDED);
      expect(latest.every((t) => Number.isFinite(t))).toBe(true);
      expect(latest).toEqual([...latest].sort((a, b) => b - a));
      await expect(page.locator('#live').textContent()).resolves.toBe('live');
    });

    it('shows a test SMS sent through the form without reloading the page', async () => {
      await page.evaluate(() => ((window as unknown as { sameDocument: string }).sameDocument = 'yes'));
      const text = `Hi from the browser test ${Date.now()}`;
      await page.fill('#send-form input[name="body"]', text);
      await page.click('#send-form button[type="submit"]');
      await page.waitForFunction((t) => Array.from(document.querySelectorAll('#messages > li .content')).some((el) => el.textContent === t), text);
      await expect(items(page).count()).resolves.toBe(SEEDED + 1);
      // It joins its sender's conversation, which moves to the top; the thread reads oldest first.
      const thread = conversation(page, '+12015550123').locator('li.message .content');
      await expect(thread.allTextContents()).resolves.toEqual(['Hello from the Sinch simulator 👋', text]);
      await expect(page.locator('#messages > li.conversation').first().getAttribute('data-peer')).resolves.toBe('+12015550123');
      await expect(page.evaluate(() => (window as unknown as { sameDocument?: string }).sameDocument)).resolves.toBe('yes');
      expect(demo.output()).toContain(`received mo_text from +12015550123 to 12017777777: "${text}"`);
    });

    it('replies under a conversation and ticks the reply through queued and dispatched to delivered', async () => {
      const text = `Thanks, on it ${Date.now()}`;
      const chat = conversation(page, '+12015550123');
      await chat.locator('.reply-form input[name="body"]').fill(text);
      await chat.locator('.reply-form button[type="submit"]').click();
      const reply = chat.locator('li.reply');
      await expect(reply.locator('.content').textContent()).resolves.toBe(text);
      // Reports arrive over the webhook and reach the page live: each tick in turn.
      const seen = await page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const el = document.querySelector('li.reply') as HTMLElement;
            const statuses = [el.dataset.status ?? ''];
            new MutationObserver(() => {
              if (statuses.at(-1) !== el.dataset.status) statuses.push(el.dataset.status ?? '');
              if (el.dataset.status === 'Delivered') resolve(statuses);
            }).observe(el, { attributes: true });
            if (el.dataset.status === 'Delivered') resolve(statuses);
          }),
      );
      expect(seen.at(-1)).toBe('Delivered');
      expect(seen).toContain('Dispatched');
      await expect(reply.locator('.tick').textContent()).resolves.toBe('✓✓ delivered');
      const batchId = await reply.getAttribute('data-batch-id');
      expect(demo.output()).toContain(`reply ${batchId} to +12015550123: Delivered`);
    });

    it('counts webhook outcomes live on its panel, a refusal with its reason', async () => {
      // The seeded messages, the test SMS and the reply's three delivery reports were accepted.
      await page.waitForFunction((n) => Number(document.querySelector('#outcome-accepted')?.textContent) >= n, SEEDED + 1);
      const unsigned = await fetch(new URL('sinch/callbacks', demo.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(unsigned.status).toBe(401);
      await page.waitForFunction(() => document.querySelector('#outcome-reasons')?.textContent?.includes('refused: missing_headers 1'));
      await expect(page.locator('#outcome-refused').textContent()).resolves.toBe('1');
      await expect(page.locator('#outcome-failed').textContent()).resolves.toBe('0');
    });

    it('backfills the last 23 h through reconcile without duplicating what is shown, twice over', async () => {
      const before = await ids(page);
      await page.click('#backfill');
      await page.waitForSelector('#status[data-state="done"]');
      await expect(page.locator('#status').textContent()).resolves.toMatch(new RegExp(`^Backfill: ${UNDELIVERED} new, ${before.length} already handled`));
      const after = await ids(page);
      expect(new Set(after).size).toBe(after.length);
      expect(after.length).toBe(before.length + UNDELIVERED);
      expect(after).toEqual(expect.arrayContaining(before));

      await page.evaluate(() => document.querySelector('#status')!.removeAttribute('data-state'));
      await page.click('#backfill');
      await page.waitForSelector('#status[data-state="done"]');
      await expect(page.locator('#status').textContent()).resolves.toMatch(/^Backfill: 0 new/);
      await expect(ids(page)).resolves.toEqual(after);

      const dir = screenshotDir(app);
      await mkdir(dir, { recursive: true });
      await page.screenshot({ path: join(dir, app.screenshot), fullPage: true, animations: 'disabled' });
    });
  });
}
