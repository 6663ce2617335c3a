import type { BatchLedger, RecipientState, StoredBatch } from './batch-ledger.js';
import type { SimulatedDeliveryFailure } from './batch-types.js';
import type { DeliveryRecord } from './types.js';
import { EarlyWakingSleeps } from './early-waking-sleeps.js';

/** Posts one delivery report (signed, retried) to `url`; `undefined` when there is nowhere to post it. */
export type ReportPoster = (key: string, type: string, body: string, url: string | undefined) => Promise<DeliveryRecord> | undefined;

/** What {@link BatchProgress} needs. */
export interface BatchProgressOptions {
  ledger: BatchLedger;
  /** Time between two status changes of a message, in ms. */
  stepMs: number;
  now: () => number;
  /** How the message to `recipient` fails, or `undefined` when it is delivered. */
  failureFor: (recipient: string) => SimulatedDeliveryFailure | undefined;
  post: ReportPoster;
}

interface Step {
  status: string;
  code: number;
}

const DISPATCHED: Step = { status: 'Dispatched', code: 401 };
const DELIVERED: Step = { status: 'Delivered', code: 0 };
// Sinch's documented pair for a message it could not route.
const DEFAULT_FAILURE: Step = { status: 'Aborted', code: 402 };
// Failures that happen before the SMSC: no Dispatched first.
const BEFORE_SMSC = new Set(['Aborted', 'Cancelled']);

/**
 * Moves every message of a batch through Sinch's statuses — `Queued` (on creation),
 * `Dispatched`, then `Delivered`, or a failure for a recipient configured to fail —
 * one step every `stepMs`, and posts the delivery reports the batch asked for:
 * every change for `per_recipient`, final ones for `per_recipient_final`, one batch
 * report at the end for `summary`/`full`, nothing for `none`. Reports go out in order:
 * a step's reports are posted once the previous step's were delivered (or given up).
 */
export class BatchProgress {
  readonly #o: BatchProgressOptions;
  readonly #runs = new Map<string, Promise<DeliveryRecord[]>>();
  readonly #sleeps = new EarlyWakingSleeps();
  #closed = false;

  constructor(options: BatchProgressOptions) {
    this.#o = options;
  }

  /** Starts moving `batch` along. */
  start(batch: StoredBatch): void {
    const run = this.#run(batch);
    run.catch(() => {});
    this.#runs.set(batch.wire.id, run);
  }

  /** Resolves with every report delivery of the batch once all are finished; `undefined` for an unknown batch. */
  done(batchId: string): Promise<DeliveryRecord[]> | undefined {
    return this.#runs.get(batchId);
  }

  /** Stops every batch where it stands. */
  close(): void {
    this.#closed = true;
    this.#sleeps.wakeAll();
  }

  async #run(batch: StoredBatch): Promise<DeliveryRecord[]> {
    const kind = batch.wire.delivery_report;
    const plans = batch.recipients.map((r) => this.#plan(r.recipient));
    const records: DeliveryRecord[] = [];
    const steps = Math.max(...plans.map((p) => p.length));
    for (let i = 0; i < steps; i++) {
      if (i > 0) await this.#sleeps.sleep(this.#o.stepMs);
      if (this.#closed) return records;
      const posts: Promise<DeliveryRecord>[] = [];
      batch.recipients.forEach((state, r) => {
        const step = plans[r]![i];
        if (step === undefined) return;
        if (i > 0) this.#move(batch, state, step);
        const final = i === plans[r]!.length - 1;
        if (kind === 'per_recipient' || (kind === 'per_recipient_final' && final)) {
          const post = this.#post(batch, `${batch.wire.id}:${state.recipient}:${state.status}`, 'recipient_delivery_report_sms', recipientReport(batch, state));
          if (post !== undefined) posts.push(post);
        }
      });
      records.push(...(await Promise.all(posts)));
    }
    if (!this.#closed && (kind === 'summary' || kind === 'full')) {
      const report = this.#o.ledger.report(batch.wire.id, kind)!;
      const post = this.#post(batch, `${batch.wire.id}:${kind}`, 'delivery_report_sms', report);
      if (post !== undefined) records.push(await post);
    }
    return records;
  }

  /** The statuses the message to `recipient` goes through, `Queued` first. */
  #plan(recipient: string): Step[] {
    const queued: Step = { status: 'Queued', code: 400 };
    const failure = this.#o.failureFor(recipient);
    if (failure === undefined) return [queued, DISPATCHED, DELIVERED];
    const end: Step = { status: failure.status ?? DEFAULT_FAILURE.status, code: failure.code ?? DEFAULT_FAILURE.code };
    return BEFORE_SMSC.has(end.status) ? [queued, end] : [queued, DISPATCHED, end];
  }

  #move(batch: StoredBatch, state: RecipientState, step: Step): void {
    const at = new Date(this.#o.now()).toISOString();
    state.status = step.status;
    state.code = step.code;
    state.at = at;
    batch.wire.modified_at = at;
  }

  #post(batch: StoredBatch, key: string, type: string, report: Record<string, unknown>): Promise<DeliveryRecord> | undefined {
    return this.#o.post(key, type, JSON.stringify(report), batch.wire.callback_url);
  }

}

/** A `recipient_delivery_report_sms` as Sinch posts it (keys in the order of Sinch's own signed example). */
function recipientReport(batch: StoredBatch, state: RecipientState): Record<string, unknown> {
  const report: Record<string, unknown> = { at: state.at, batch_id: batch.wire.id };
  if (batch.wire.client_reference !== undefined) report.client_reference = batch.wire.client_reference;
  report.code = state.code;
  // The operator's timestamp comes with what the SMSC reported, not with Queued.
  if (state.status !== 'Queued' && !BEFORE_SMSC.has(state.status)) report.operator_status_at = state.at;
  report.recipient = state.recipient;
  report.status = state.status;
  report.type = 'recipient_delivery_report_sms';
  return report;
}
