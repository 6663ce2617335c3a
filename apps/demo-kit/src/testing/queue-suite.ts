import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutcomeCounts } from '../observability/webhook-outcomes.js';
import type { QueueState } from '../queue/queue-panel.js';
import { SLOW_HANDLER_MS } from '../queue/slow-handler.js';
import { UNDELIVERED_COUNT } from '../simulator/demo-simulator.js';
import { openEventStream, type EventStream, type StreamEvent } from './event-stream.js';
import { startDemo, type DemoApp, type RunningDemo } from './start-demo.js';

const SEEDED = 3;

/**
 * `REDIS_URL` set, the inbox runs queued (a real `redis-server` the suite starts, the
 * built app started as a process): with the slow handler switched on, the webhook still
 * answers 200 while the messages wait in the queue, and they reach the inbox once their
 * jobs drain; the queue panel's counts go from waiting to completed on the live stream;
 * Bull Board answers at `/queues` and lists the Sinch queue; Backfill queues what
 * webhooks missed; SIGTERM while a slow job runs lets it finish and exits 0. Call it at
 * the top level of a test file.
 */
export function describeQueueSuite(app: DemoApp): void {
  describe(`the ${app.framework} demo queued on BullMQ (REDIS_URL)`, () => {
    let redis: TestRedisServer;
    let demo: RunningDemo;
    let stream: EventStream | undefined;

    beforeAll(async () => {
      redis = await startRedisServer();
      demo = await startDemo(app, { REDIS_URL: redis.url });
    });

    afterAll(async () => {
      stream?.close();
      await demo?.stop();
      await redis?.close();
    });

    const url = (path: string): URL => new URL(path, demo.url);
    const getJson = async <T>(path: string): Promise<T> => (await (await fetch(url(path))).json()) as T;
    const post = (path: string, body: unknown): Promise<Response> =>
      fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const messageIds = async (): Promise<string[]> => (await getJson<{ messages: { id: string }[] }>('api/messages')).messages.map((m) => m.id);
    const queueState = (event: StreamEvent): QueueState | undefined => (event.event === 'queue' ? (event.data as QueueState) : undefined);

    it('says so at start, shows the queue panel on the page, and handles the seeded messages through the queue', async () => {
      expect(demo.output()).toContain(`queued: the webhook answers as soon as a callback is a BullMQ job in Redis`);
      expect(demo.output()).toContain(`Bull Board at ${new URL('/queues', demo.url).href}`);
      expect(await (await fetch(demo.url)).text()).toContain('<body data-queued="true">');
      // The seeded messages reach the inbox once the worker has run their jobs.
      await vi.waitFor(async () => expect(await messageIds()).toHaveLength(SEEDED), { timeout: 30_000, interval: 100 });
      // Their jobs are counted completed on the panel (it reads the counts every 250 ms).
      await vi.waitFor(async () => expect((await getJson<QueueState>('api/queue')).counts).toMatchObject({ waiting: 0, active: 0, completed: SEEDED }), {
        timeout: 10_000,
        interval: 100,
      });
      const state = await getJson<QueueState>('api/queue');
      expect(state).toMatchObject({ slowHandler: { enabled: false, delayMs: SLOW_HANDLER_MS }, dashboard: '/queues' });
    });

    it('answers a slow-handler request that is not { enabled: boolean } with 400', async () => {
      const res = await post('api/queue/slow-handler', { enabled: 'yes' });
      expect(res.status).toBe(400);
      await expect(res.json()).resolves.toEqual({ error: 'send {"enabled": true} or {"enabled": false}' });
    });

    it('with the slow handler on, the webhook answers 200 while the jobs wait, and the messages appear once they drain', async () => {
      stream?.close();
      stream = await openEventStream(url('api/events'));
      const on = await post('api/queue/slow-handler', { enabled: true });
      expect(on.status).toBe(200);
      expect(((await on.json()) as QueueState).slowHandler.enabled).toBe(true);
      const before = await getJson<OutcomeCounts>('api/outcomes');
      const { completed } = (await getJson<QueueState>('api/queue')).counts;
      const from = stream.events.length;

      const ids: string[] = [];
      for (const body of ['slow 1', 'slow 2', 'slow 3']) {
        const res = await post('api/send', { from: '+12015550777', to: '12017777777', body });
        expect(res.status).toBe(202);
        ids.push(((await res.json()) as { id: string }).id);
      }
      // Every webhook call answered 200 (accepted), sooner than the handler takes...
      const accepted = await stream.waitFor((e) => e.event === 'outcomes' && (e.data as OutcomeCounts).accepted >= before.accepted + 3);
      expect((accepted.data as OutcomeCounts).lastAcceptedMs).toBeLessThan(SLOW_HANDLER_MS);
      // ...while their handlers have not all run: one job at a time, 2 s each.
      expect(await messageIds()).not.toContain(ids[2]);
      const busy = await getJson<QueueState>('api/queue');
      expect(busy.counts.waiting + busy.counts.active).toBeGreaterThan(0);

      // Then each reaches the inbox, and the panel counts them completed.
      for (const id of ids) await stream.waitFor((e) => e.event === 'inbound' && (e.data as { id: string }).id === id, 30_000);
      await stream.waitFor((e) => {
        const state = queueState(e);
        return state !== undefined && state.counts.completed >= completed + 3 && state.counts.waiting + state.counts.active === 0;
      });
      const seen = stream.events.slice(from).map(queueState).filter((s) => s !== undefined);
      expect(seen.some((s) => s.counts.waiting > 0), 'the panel showed a job waiting').toBe(true);
      expect((await getJson<QueueState>('api/queue')).counts).toMatchObject({ waiting: 0, active: 0, failed: 0, completed: completed + 3 });
      expect(await messageIds()).toEqual(expect.arrayContaining(ids));
    });

    it('serves Bull Board at /queues, whose API lists the Sinch queue and its jobs', async () => {
      const page = await fetch(url('/queues'));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('<title>Bull Dashboard</title>');
      expect(html).toContain('<base href="/queues/"');
      const api = await fetch(url('/queues/api/queues?activeQueue=sinch-callbacks&status=completed'));
      expect(api.status).toBe(200);
      const { queues } = (await api.json()) as { queues: { name: string; counts: Record<string, number>; jobs: { name: string }[] }[] };
      const sinch = queues.find((queue) => queue.name === 'sinch-callbacks');
      expect(sinch?.counts.completed).toBeGreaterThanOrEqual(SEEDED + 3);
      // Jobs are named after their callback type.
      expect(sinch?.jobs.map((job) => job.name)).toContain('mo_text');
    });

    it('backfills through the queue: what webhooks missed is queued for the worker, then reaches the inbox', async () => {
      await post('api/queue/slow-handler', { enabled: false });
      const before = await messageIds();
      const res = await post('api/backfill', {});
      expect(res.status).toBe(200);
      const report = (await res.json()) as { queued: number; handled: number; summary: string };
      expect(report).toMatchObject({ queued: UNDELIVERED_COUNT, handled: 0 });
      expect(report.summary).toMatch(new RegExp(`^Backfill: ${UNDELIVERED_COUNT} new \\(queued for the worker\\), ${before.length} already handled`));
      await vi.waitFor(async () => expect(await messageIds()).toHaveLength(before.length + UNDELIVERED_COUNT), { timeout: 30_000, interval: 100 });
      expect(demo.output()).toMatch(/reconciled mo_text from /);
    });

    it('on SIGTERM while a slow job runs, lets it finish and exits 0', async () => {
      // A fresh stream: the earlier tests' events include jobs that were active then.
      stream?.close();
      stream = await openEventStream(url('api/events'));
      await post('api/queue/slow-handler', { enabled: true });
      const res = await post('api/send', { from: '+12015550778', to: '12017777777', body: 'in flight' });
      const { id } = (await res.json()) as { id: string };
      await stream.waitFor((e) => (queueState(e)?.counts.active ?? 0) > 0);
      stream.close();
      stream = undefined;
      const code = await demo.stop('SIGTERM');
      expect(demo.output()).toContain('"in flight"');
      expect(demo.output()).not.toMatch(/error|^\s+at /im);
      expect(code).toBe(0);
      expect(id).toMatch(/^[0-9A-Z]{26}$/);
    });
  });
}
