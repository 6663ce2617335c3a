import type { Page } from 'playwright-core';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './browser.js';
import { recordPageProblems } from './page-problems.js';
import { startDemo, type DemoApp, type RunningDemo } from './start-demo.js';

const SEEDED = 3;
const count = (page: Page, state: string): Promise<number> => page.locator(`#queue-${state}`).textContent().then(Number);

/**
 * The queued inbox's page in headless Chromium (`REDIS_URL`, a real `redis-server`): the
 * queue panel shows the seeded jobs completed, with nothing for the console to complain
 * about; switching the slow handler on and sending two test SMS through the form shows
 * jobs waiting or running, then both messages and the completed count; the panel's link
 * opens Bull Board. Call it at the top level of a test file.
 */
export function describeQueueBrowserSuite(app: DemoApp): void {
  describe(`the queued ${app.framework} inbox page in Chromium`, () => {
    let redis: TestRedisServer;
    let demo: RunningDemo;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      redis = await startRedisServer();
      demo = await startDemo(app, { REDIS_URL: redis.url });
      browser = await launchBrowser();
      page = await browser.context.newPage();
      recordPageProblems(page, problems);
      await page.goto(demo.url);
    });

    afterAll(async () => {
      await browser?.close();
      expect(await demo?.stop()).toBe(0);
      await redis?.close();
    });

    it('shows the queue panel with the seeded jobs completed, and nothing for the console to complain about', async () => {
      await page.waitForSelector('#queue', { state: 'visible' });
      await page.waitForFunction((n) => Number(document.querySelector('#queue-completed')?.textContent) === n, SEEDED);
      await expect(page.locator('#slow-handler').isChecked()).resolves.toBe(false);
      await expect(page.locator('#queue-dashboard').getAttribute('href')).resolves.toBe('queues');
      expect(problems).toEqual([]);
    });

    it('with the slow handler switched on, shows jobs waiting for the worker, then each message and the jobs completed', async () => {
      await page.check('#slow-handler');
      await page.waitForSelector('#status[data-state="done"]');
      await expect(page.locator('#status').textContent()).resolves.toMatch(/^Slow handler on: each message now takes 2 s/);
      const texts = [`queued one ${Date.now()}`, `queued two ${Date.now()}`];
      for (const text of texts) {
        await page.fill('#send-form input[name="body"]', text);
        await page.click('#send-form button[type="submit"]');
        await page.waitForSelector('#status[data-state="sent"]');
        await page.evaluate(() => document.querySelector('#status')!.removeAttribute('data-state'));
      }
      // The second waits while the first runs (one job at a time): the panel shows it.
      await page.waitForFunction(() => Number(document.querySelector('#queue-waiting')?.textContent) + Number(document.querySelector('#queue-active')?.textContent) > 0);
      for (const text of texts) {
        await page.waitForFunction((t) => Array.from(document.querySelectorAll('#messages li.message .content')).some((el) => el.textContent === t), text, { timeout: 30_000 });
      }
      await page.waitForFunction((n) => Number(document.querySelector('#queue-completed')?.textContent) === n, SEEDED + texts.length);
      // The webhook answered in the enqueue's time, not the handler's 2 s.
      const latency = /answered the last accepted callback in ([\d.]+) ms/.exec((await page.locator('#outcome-latency').textContent()) ?? '');
      expect(Number(latency?.[1])).toBeLessThan(2_000);
      await expect(count(page, 'waiting')).resolves.toBe(0);
      await expect(count(page, 'failed')).resolves.toBe(0);
      await page.uncheck('#slow-handler');
      expect(problems).toEqual([]);
    });

    it('links to Bull Board, which opens on the Sinch queue', async () => {
      await page.click('#queue-dashboard');
      await page.waitForURL(/\/queues\/?$/);
      await expect(page.title()).resolves.toBe('Bull Dashboard');
      await page.waitForSelector('text=sinch-callbacks');
    });
  });
}
