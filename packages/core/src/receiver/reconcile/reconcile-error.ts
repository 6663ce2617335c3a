import type { ReconcileReport } from './reconcile-report.js';

/**
 * `receiver.reconcile()` could not finish: reading the inbounds API failed (after the
 * client's own retries). `.cause` is the client's error; `.report` counts what was done
 * before it, so a caller can log it — the next run goes over the same window again.
 */
export class ReconcileError extends Error {
  override readonly name = 'ReconcileError';
  /** What the run did before it stopped. */
  readonly report: ReconcileReport;

  constructor(report: ReconcileReport, options: { cause: unknown }) {
    const cause = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`sinch reconcile: reading the inbounds API failed after ${report.seen} item(s): ${cause}`, options);
    this.report = report;
  }
}
