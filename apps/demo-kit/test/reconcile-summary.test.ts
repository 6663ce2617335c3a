import { describe, expect, it } from 'vitest';
import { summariseReconcile } from '../src/inbox/reconcile-summary.js';

const report = { seen: 7, handled: 3, duplicates: 4, queued: 0, failed: 0, deferred: 0, unreadable: 0, durationMs: 12.4 };

describe('summariseReconcile', () => {
  it('says what was new and what was already handled', () => {
    expect(summariseReconcile(report)).toBe('Backfill: 3 new, 4 already handled (7 in the last 23 h, 12 ms).');
  });

  it('counts what a queued inbox handed to its worker as new, and says so', () => {
    expect(summariseReconcile({ ...report, handled: 0, queued: 3 })).toBe('Backfill: 3 new (queued for the worker), 4 already handled (7 in the last 23 h, 12 ms).');
  });

  it('names failures, deferrals and unreadable items only when there are some', () => {
    expect(summariseReconcile({ ...report, handled: 1, failed: 1, deferred: 0, unreadable: 1 })).toBe(
      'Backfill: 1 new, 4 already handled, 1 failed, 1 unreadable (7 in the last 23 h, 12 ms).',
    );
  });
});
