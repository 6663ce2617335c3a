import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDELIVERED_COUNT } from '../simulator/demo-simulator.js';
import { startDemo, type DemoApp, type RunningDemo } from './start-demo.js';

/**
 * The running app's JSON API refuses bad test SMS with a reason and accepts good ones;
 * its webhook refuses unsigned and forged callbacks and other methods; every file the
 * page links (styles, script, icon) is served; its Backfill reconciles what webhooks
 * missed into the inbox once. Call it at the
 * top level of a test file; it starts the app's built `dist/main.js` on a free port.
 */
export function describeInboxApiSuite(app: DemoApp): void {
  describe(`the inbox API and webhook of the running ${app.framework} app`, () => {
    let demo: RunningDemo;

    beforeAll(async () => {
      demo = await startDemo(app);
    });

    afterAll(async () => {
      expect(await demo?.stop()).toBe(0);
    });

    const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      fetch(new URL(path, demo.url), { method: 'POST', headers, body });

    it('answers 400 with a reason to a test SMS that is not a { from, to, body } object', async () => {
      for (const [body, reason] of [
        ['{"from":"+1","to":"2"}', 'body must be a non-empty string'],
        ['{"from":"","to":"2","body":"x"}', 'from must be a non-empty string'],
        [JSON.stringify({ from: '+1', to: '2', body: 'x'.repeat(1601) }), 'body must be at most 1600 characters'],
      ] as const) {
        const res = await post('api/send', body);
        expect(res.status).toBe(400);
        await expect(res.json()).resolves.toEqual({ error: reason });
      }
    });

    it('serves every file the page links, its icon included (a missing favicon is a 404 in the browser console)', async () => {
      const html = await (await fetch(demo.url)).text();
      const links = [...html.matchAll(/<(?:link|script)\b[^>]*\b(?:href|src)="([^"]+)"/g)].map((match) => match[1]!);
      expect(html).toMatch(/<link rel="icon" href="favicon\.svg" type="image\/svg\+xml">/);
      for (const link of links) {
        const res = await fetch(new URL(link, demo.url));
        expect(res.status, link).toBe(200);
        if (link.endsWith('.svg')) expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      }
    });

    it('accepts a valid test SMS with 202 and its id', async () => {
      const res = await post('api/send', JSON.stringify({ from: '+12015550999', to: '12017777777', body: 'api test' }));
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      expect(id).toMatch(/^[0-9A-Z]{26}$/);
    });

    it('refuses unsigned and forged callbacks on the webhook, and other methods', async () => {
      const callback = JSON.stringify({ id: 'forged-1', type: 'mo_text', from: '1', to: '2', body: 'hi', received_at: new Date().toISOString() });
      expect((await post('sinch/callbacks', callback)).status).toBe(401);
      const forged = await post('sinch/callbacks', callback, {
        'content-type': 'application/json',
        'x-sinch-webhook-signature-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-sinch-webhook-signature-nonce': 'n-1',
        'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
        'x-sinch-webhook-signature': 'AAAA',
      });
      expect(forged.status).toBe(401);
      expect((await fetch(new URL('sinch/callbacks', demo.url))).status).toBe(405);
      const listed = (await (await fetch(new URL('api/messages', demo.url))).json()) as { messages: { id: string }[] };
      expect(listed.messages.map((m) => m.id)).not.toContain('forged-1');
    });

    it('counts those refusals by reason on the outcome panel and in /metrics (Prometheus)', async () => {
      const counts = (await (await fetch(new URL('api/outcomes', demo.url))).json()) as { refused: Record<string, number> };
      expect(counts.refused).toMatchObject({ missing_headers: 1, bad_signature: 1, method_not_allowed: 1 });
      const metrics = await fetch(new URL('metrics', demo.url));
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      for (const reason of ['missing_headers', 'bad_signature', 'method_not_allowed']) {
        expect(text).toMatch(new RegExp(`^sinch_webhook_callbacks_total\\{[^}]*sinch_webhook_reason="${reason}"[^}]*\\} 1$`, 'm'));
      }
    });

    it('backfills through reconcile: what webhooks missed reaches the inbox once, and a second run finds nothing new', async () => {
      const listIds = async (): Promise<string[]> =>
        ((await (await fetch(new URL('api/messages', demo.url))).json()) as { messages: { id: string }[] }).messages.map((m) => m.id);
      const first = await backfill();
      expect(first).toMatchObject({ failed: 0, deferred: 0, unreadable: 0 });
      expect(first.handled + first.duplicates).toBe(first.seen);
      // The simulator holds messages it never delivered, as if the app had been down.
      expect(first.handled).toBeGreaterThanOrEqual(UNDELIVERED_COUNT);
      expect(first.summary).toMatch(new RegExp(`^Backfill: ${first.handled} new, ${first.duplicates} already handled`));
      const ids = await listIds();
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(first.seen);

      const second = await backfill();
      expect(second).toMatchObject({ handled: 0, duplicates: second.seen, failed: 0 });
      expect(second.seen).toBeGreaterThanOrEqual(first.seen);
      await expect(listIds()).resolves.toEqual(ids);
    });

    async function backfill(): Promise<{ seen: number; handled: number; duplicates: number; summary: string }> {
      const res = await post('api/backfill', '');
      expect(res.status).toBe(200);
      return (await res.json()) as { seen: number; handled: number; duplicates: number; summary: string };
    }
  });
}
