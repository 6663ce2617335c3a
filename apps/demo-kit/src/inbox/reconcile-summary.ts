import type { ReconcileReport } from '@sinch-inbounds/core';

/**
 * How far back the Backfill button reconciles: 23 h, inside the receiver's default 24 h
 * dedupe memory (a message handled longer ago could be forgotten and shown again) and
 * the time Sinch keeps retrying a callback.
 */
export const BACKFILL_WINDOW_MS = 23 * 60 * 60 * 1000;

/** One line about a reconcile run, for the console and the page's status line. */
export function summariseReconcile(report: Pick<ReconcileReport, 'seen' | 'handled' | 'duplicates' | 'failed' | 'deferred' | 'unreadable' | 'durationMs'>): string {
  const problems = [
    report.failed > 0 ? `${report.failed} failed` : '',
    report.deferred > 0 ? `${report.deferred} deferred` : '',
    report.unreadable > 0 ? `${report.unreadable} unreadable` : '',
  ].filter((part) => part !== '');
  return (
    `Backfill: ${report.handled} new, ${report.duplicates} already handled` +
    (problems.length > 0 ? `, ${problems.join(', ')}` : '') +
    ` (${report.seen} in the last 23 h, ${Math.round(report.durationMs)} ms).`
  );
}
