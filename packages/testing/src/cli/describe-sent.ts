import type { WireTextBatch } from '../simulator/batch-types.js';

// Long texts are cut so that one batch stays one line.
const MAX_SHOWN = 80;

/** One line about a batch the app sent, for the CLI. */
export function describeSent(batch: WireTextBatch): string {
  const body = batch.body.length > MAX_SHOWN ? `${batch.body.slice(0, MAX_SHOWN - 1)}…` : batch.body;
  const reports = batch.delivery_report === 'none' ? 'no delivery reports' : `${batch.delivery_report} reports to ${batch.callback_url ?? 'the webhook'}`;
  return `app sent batch ${batch.id} from ${batch.from} to ${batch.to.join(', ')}: ${JSON.stringify(body)} (${reports})`;
}
