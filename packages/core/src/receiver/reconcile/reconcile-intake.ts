import type { ReconcileProgress } from './reconcile-report.js';
import type { IntakeOutcome } from '../queue/queue-intake.js';

type Counts = { -readonly [K in keyof ReconcileProgress]: number };

/**
 * Counts how queueing one message went in a reconcile run's report: `queued`, a
 * `duplicate` (handled before, or its job is already queued), or `deferred` (the queue
 * was full or failed, or the dedupe store failed: the next run tries again).
 *
 * @returns `false` when the message was not taken care of (its id belongs in `failedIds`).
 */
export function countQueued(outcome: IntakeOutcome, counts: Counts): boolean {
  switch (outcome) {
    case 'enqueued':
      counts.queued++;
      return true;
    case 'already_queued':
    case 'duplicate':
      counts.duplicates++;
      return true;
    case 'full':
    case 'store_failed':
    case 'queue_failed':
      counts.deferred++;
      return false;
  }
}
