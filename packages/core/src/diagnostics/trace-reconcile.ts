import { reconcileChannel, traced } from './channels.js';
import type { ReconcileDiagnostic } from './reconcile-diagnostic.js';

/** What a reconcile report holds that the channel passes on (its id lists stay out). */
type ReconcileCounts = Required<Omit<ReconcileDiagnostic, 'error' | 'until'>> & { until: Date | undefined };

/** Runs one reconcile inside a `sinch-inbounds:reconcile` trace, copying the report's counts into the message before `asyncEnd`. */
export function traceReconcile<R extends ReconcileCounts>(run: () => Promise<R>): Promise<R> {
  const message: ReconcileDiagnostic = {};
  return traced(reconcileChannel, message, async () => {
    const report = await run();
    message.since = report.since;
    if (report.until !== undefined) message.until = report.until;
    message.seen = report.seen;
    message.handled = report.handled;
    message.duplicates = report.duplicates;
    message.queued = report.queued;
    message.unhandled = report.unhandled;
    message.failed = report.failed;
    message.deferred = report.deferred;
    message.unreadable = report.unreadable;
    message.durationMs = report.durationMs;
    return report;
  });
}
