import { afterEach, describe, expect, it } from 'vitest';
import { QueueCounts, type JobCounts, type JobCountsSource } from '../src/queue/queue-counts.js';
import { QueuePanel } from '../src/queue/queue-panel.js';
import { SlowHandler } from '../src/queue/slow-handler.js';

/** A queue whose counts the test sets; `down` makes reads fail like a Redis outage. */
class CountsQueue implements JobCountsSource {
  counts: Partial<JobCounts> = {};
  down = false;
  asked: string[][] = [];
  async getJobCounts(...types: string[]): Promise<Record<string, number>> {
    this.asked.push(types);
    if (this.down) throw new Error('Connection is closed');
    return { ...this.counts };
  }
}

const ZERO: JobCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

function counts(queue: JobCountsSource): QueueCounts {
  // A poll that never comes during a test: each test reads with refresh().
  const watched = new QueueCounts(queue, 60_000);
  closers.push(() => watched.close());
  return watched;
}

describe('QueueCounts', () => {
  it("asks BullMQ for the five states the page shows, and tells listeners only when a count changed", async () => {
    const queue = new CountsQueue();
    const watched = counts(queue);
    const seen: JobCounts[] = [];
    watched.onChange((c) => seen.push(c));
    await watched.refresh();
    expect(seen).toEqual([]);
    queue.counts = { waiting: 2, active: 1 };
    await watched.refresh();
    await watched.refresh();
    expect(seen).toEqual([{ ...ZERO, waiting: 2, active: 1 }]);
    expect(watched.snapshot()).toEqual({ ...ZERO, waiting: 2, active: 1 });
    expect(new Set(queue.asked.flat())).toEqual(new Set(['waiting', 'active', 'delayed', 'completed', 'failed']));
  });

  it('keeps the last counts while Redis is away', async () => {
    const queue = new CountsQueue();
    const watched = counts(queue);
    queue.counts = { completed: 3 };
    await watched.refresh();
    queue.down = true;
    await expect(watched.refresh()).resolves.toBeUndefined();
    expect(watched.snapshot()).toEqual({ ...ZERO, completed: 3 });
  });

  it('drained() waits while a job waits, runs or waits for a retry, and resolves once none does', async () => {
    const queue = new CountsQueue();
    const watched = counts(queue);
    queue.counts = { waiting: 1, delayed: 1 };
    let drained = false;
    const waiting = watched.drained().then(() => (drained = true));
    await watched.refresh();
    queue.counts = { active: 1, delayed: 1 };
    await watched.refresh();
    expect(drained).toBe(false);
    queue.counts = { completed: 1, failed: 1 };
    await watched.refresh();
    await waiting;
    expect(drained).toBe(true);
    // Nothing queued: at once.
    await watched.drained();
  });

  it('drained() rejects when its signal aborts (the demo is stopping)', async () => {
    const queue = new CountsQueue();
    queue.counts = { waiting: 1 };
    const controller = new AbortController();
    const waiting = counts(queue).drained(controller.signal);
    controller.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
  });
});

describe('QueuePanel', () => {
  it('flips the slow handler from the page request and tells listeners, with the counts and where Bull Board is', async () => {
    const queue = new CountsQueue();
    const panel = new QueuePanel(queue, new SlowHandler(2_000));
    closers.push(() => panel.close());
    const seen: boolean[] = [];
    panel.onChange((state) => seen.push(state.slowHandler.enabled));
    expect(panel.setSlowHandler({ enabled: true })).toEqual({ slowHandler: { enabled: true, delayMs: 2_000 }, counts: ZERO, dashboard: '/queues' });
    panel.setSlowHandler({ enabled: true });
    panel.setSlowHandler({ enabled: false });
    expect(seen).toEqual([true, false]);
  });

  it('answers a request that is not { enabled: boolean } with what to send, and leaves the switch alone', () => {
    const slow = new SlowHandler();
    const panel = new QueuePanel(new CountsQueue(), slow);
    closers.push(() => panel.close());
    for (const body of [undefined, null, 'true', {}, { enabled: 'yes' }, { enabled: 1 }]) {
      expect(panel.setSlowHandler(body)).toBe('send {"enabled": true} or {"enabled": false}');
    }
    expect(slow.enabled).toBe(false);
  });
});

describe('SlowHandler', () => {
  it('lets the handler through at once while off, and holds it for its delay while on', async () => {
    const slow = new SlowHandler(50);
    const order: string[] = [];
    const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.all([slow.work().then(() => order.push('off')), tick().then(() => order.push('tick'))]);
    slow.set(true);
    await Promise.all([slow.work().then(() => order.push('on')), tick().then(() => order.push('tick'))]);
    expect(order).toEqual(['off', 'tick', 'tick', 'on']);
  });
});
