import { describe, expect, it } from 'vitest';
import { createRecordingLogger } from '@sinch-inbounds/testing';
import {
  createWebhookReceiver,
  parseInbound,
  scheduleReconcile,
  type InboundsPageItem,
  type ReconcileReport,
  type ReconcileSource,
} from '../../src/index.js';
import { fixtures } from '@sinch-inbounds/testing';
import { SECRET, TrackingStore } from './support.js';

/** Resolves once `check()` holds, polling on a short timer (the test's own timeout bounds it). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 2));
}

/**
 * A source whose every run yields one message, then waits until the test lets it go on
 * (or the run's signal aborts), counting how many runs are open at once.
 */
function heldSource() {
  const state = { runs: 0, open: 0, maxOpen: 0, windows: [] as Date[], release: () => {} };
  const source: ReconcileSource = {
    iterate({ startDate, signal }) {
      state.runs++;
      state.windows.push(startDate);
      const n = state.runs;
      return {
        async *[Symbol.asyncIterator]() {
          state.open++;
          state.maxOpen = Math.max(state.maxOpen, state.open);
          try {
            yield parseInbound({ ...fixtures.moTextWebhook, id: `01RUN${n}` }) as InboundsPageItem;
            await new Promise<void>((resolve, reject) => {
              state.release = resolve;
              signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
            });
          } finally {
            state.open--;
          }
        },
      };
    },
  };
  return { source, state };
}

describe('scheduleReconcile', () => {
  it('runs at start and then every interval over the trailing window, never two runs at once, and stop() aborts the run in progress', async () => {
    const store = new TrackingStore();
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe: store, logger: createRecordingLogger() });
    receiver.on('inbound', () => {});
    const { source, state } = heldSource();
    const reports: ReconcileReport[] = [];
    const errors: unknown[] = [];
    const before = Date.now();
    const stop = scheduleReconcile(receiver, source, {
      intervalMs: 5,
      windowMs: 60_000,
      onReport: (r) => void reports.push(r),
      onError: (e) => void errors.push(e),
    });
    await until(() => state.runs === 1);
    // Many intervals pass while the first run is held: no second run starts.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.runs).toBe(1);
    state.release();
    await until(() => reports.length === 1);
    await until(() => state.runs === 2);
    expect(state.maxOpen).toBe(1);
    expect(state.windows[0]!.getTime()).toBeGreaterThanOrEqual(before - 60_000);
    expect(state.windows[0]!.getTime()).toBeLessThanOrEqual(Date.now() - 60_000);
    expect(reports[0]).toMatchObject({ seen: 1, handled: 1 });

    // The second run is held; stop() aborts it and resolves once it has settled.
    await stop();
    expect(state.open).toBe(0);
    expect(store.held.size).toBe(0);
    const runs = state.runs;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(state.runs).toBe(runs);
    expect(errors).toEqual([]);
  });

  it('a second schedule on the same receiver skips its turn while the first one runs', async () => {
    const logger = createRecordingLogger();
    const receiver = createWebhookReceiver({ secret: SECRET, logger });
    const { source, state } = heldSource();
    const stopA = scheduleReconcile(receiver, source, { intervalMs: 1000, logger });
    await until(() => state.runs === 1);
    const stopB = scheduleReconcile(receiver, source, { intervalMs: 1000, logger });
    await until(() => logger.entries.some((e) => e.level === 'warn' && /skipped a scheduled run/.test(e.message)));
    expect(state.runs).toBe(1);
    await Promise.all([stopA(), stopB()]);
    expect(state.open).toBe(0);
  });

  it('reports a failed run to onError (or the logger) and goes on', async () => {
    const logger = createRecordingLogger();
    const receiver = createWebhookReceiver({ secret: SECRET, logger });
    let runs = 0;
    const source: ReconcileSource = {
      iterate() {
        runs++;
        return {
          // eslint-disable-next-line require-yield
          async *[Symbol.asyncIterator]() {
            throw new Error(`API down (run ${runs})`);
          },
        };
      },
    };
    const stop = scheduleReconcile(receiver, source, { intervalMs: 2, logger });
    await until(() => runs >= 3);
    await stop();
    const failures = logger.entries.filter((e) => e.level === 'error' && /scheduled run failed/.test(e.message));
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures[0]!.message).toMatch(/API down \(run 1\)/);
  });

  it('waits one interval first with runAtStart: false, and stops through a signal', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: createRecordingLogger() });
    const { source, state } = heldSource();
    const controller = new AbortController();
    scheduleReconcile(receiver, source, { intervalMs: 40, runAtStart: false, signal: controller.signal });
    expect(state.runs).toBe(0);
    await until(() => state.runs === 1);
    controller.abort();
    await until(() => state.open === 0);
  });

  it('refuses invalid options at once', () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: createRecordingLogger() });
    const { source } = heldSource();
    expect(() => scheduleReconcile(receiver, source, { intervalMs: 0 })).toThrow(RangeError);
    expect(() => scheduleReconcile(receiver, source, { windowMs: Number.NaN })).toThrow(RangeError);
    expect(() => scheduleReconcile(receiver, source, { intervalMs: 2 ** 31 })).toThrow(RangeError);
    expect(() => scheduleReconcile({} as never, source)).toThrow(TypeError);
  });
});
