import type { ReconcileReport } from '@sinch-inbounds/core';

/**
 * How far back the Backfill button reconciles: 23 h, inside the receiver's default 24 h
 * dedupe memory (a message handled longer ago could be forgotten and shown again) and
 * the time Sinch keeps retrying a callback.
 */
export const BACKFILL_WINDOW_MS = 23 * 60 * 60 * 1000;

/**
 * One line about a reconcile run, for the console and the page's status line. A queued
 * inbox's run queues what is new instead of handling it: those count as new too.
 */
export function summariseReconcile(
  report: Pick<ReconcileReport, 'seen' | 'handled' | 'duplicates' | 'queued' | 'failed' | 'deferred' | 'unreadable' | 'durationMs'>,
): string {
  const problems = [
    report.failed > 0 ? `${report.failed} failed` : '',
    report.deferred > 0 ? `${report.deferred} deferred` : '',
    report.unreadable > 0 ? `${report.unreadable} unreadable` : '',
  ].filter((part) => part !== '');
  return (
    `Backfill: ${report.handled + report.queued} new${queuedNote(report)}, ${report.duplicates} already handled` +
    (problems.length > 0 ? `, ${problems.join(', ')}` : '') +
    ` (${report.seen} in the last 23 h, ${Math.round(report.durationMs)} ms).`
  );
}

function queuedNote({ handled, queued }: Pick<ReconcileReport, 'handled' | 'queued'>): string {
  if (queued === 0) return '';
  return handled === 0 ? ' (queued for the worker)' : ` (${queued} queued for the worker)`;
}
