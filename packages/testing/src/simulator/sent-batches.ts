import { BatchLedger } from './batch-ledger.js';
import { BatchProgress, type ReportPoster } from './batch-progress.js';
import type { BatchRequest } from './batch-request.js';
import type { BatchDesk } from './batch-routes.js';
import type { SimulatedDeliveryFailure, WireTextBatch } from './batch-types.js';
import type { DeliveryRecord } from './types.js';

/** Time between two statuses of a sent message (Queued → Dispatched → Delivered), before `timeScale`. */
const DELIVERY_REPORT_STEP_MS = 1000;

/** What {@link SentBatches} needs. */
export interface SentBatchesOptions {
  /** Multiplies the time between two statuses. */
  timeScale: number;
  now: () => number;
  /** A new batch id for a time (epoch ms). */
  newId: (timeMs: number) => string;
  /** Recipients whose messages fail from the start. */
  failingRecipients?: Readonly<Record<string, SimulatedDeliveryFailure>> | undefined;
  /** Told about each batch as answered. */
  onSent?: ((batch: WireTextBatch) => void) | undefined;
  /** Where delivery reports are posted. */
  post: ReportPoster;
}

/**
 * What the app sent through the Batches endpoint and what becomes of it: each accepted
 * batch is filed in the ledger and its messages are moved along Sinch's statuses, with
 * delivery reports posted as the batch asked; recipients set to fail do.
 */
export class SentBatches implements BatchDesk {
  /** The batches sent, as the REST routes read them. */
  readonly ledger = new BatchLedger();
  readonly #options: SentBatchesOptions;
  // By number without its '+'.
  readonly #failing = new Map<string, SimulatedDeliveryFailure>();
  readonly #progress: BatchProgress;

  constructor(options: SentBatchesOptions) {
    this.#options = options;
    for (const [number, failure] of Object.entries(options.failingRecipients ?? {})) this.failRecipient(number, failure);
    this.#progress = new BatchProgress({
      ledger: this.ledger,
      stepMs: DELIVERY_REPORT_STEP_MS * options.timeScale,
      now: options.now,
      failureFor: (recipient) => this.#failing.get(recipient.replace(/^\+/, '')),
      post: options.post,
    });
  }

  /** See {@link BatchDesk.accept}: files the batch, starts its progress and tells `onSent`. */
  accept(request: BatchRequest): WireTextBatch {
    const { now, newId, onSent } = this.#options;
    const batch = this.ledger.add(newId(now()), request, now());
    this.#progress.start(batch);
    try {
      onSent?.(batch.wire);
    } catch {
      // An observer's bug must not fail the send.
    }
    return batch.wire;
  }

  /** Makes messages to `number` (`+` optional) fail from now on, as `failure` says. */
  failRecipient(number: string, failure: SimulatedDeliveryFailure = {}): void {
    this.#failing.set(number.replace(/^\+/, ''), failure);
  }

  /** Every batch sent, oldest first. */
  all(): WireTextBatch[] {
    return this.ledger.all();
  }

  /** Settles with every delivery report of batch `batchId` once all are finished; `undefined` for an unknown batch. */
  reportsOf(batchId: string): Promise<DeliveryRecord[]> | undefined {
    return this.#progress.done(batchId);
  }

  /** Stops every batch where it stands. */
  close(): void {
    this.#progress.close();
  }
}
