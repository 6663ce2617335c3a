import type { BatchRequest } from './batch-request.js';
import type { WireTextBatch } from './batch-types.js';

/** Where the message to one recipient of a batch stands. */
export interface RecipientState {
  recipient: string;
  status: string;
  code: number;
  /** When it reached `status` (ISO-8601). */
  at: string;
}

/** A batch the simulator accepted, with each recipient's state. */
export interface StoredBatch {
  wire: WireTextBatch;
  recipients: RecipientState[];
}

// Sinch keeps trying for at most 3 days after sending.
const EXPIRY_MS = 3 * 24 * 60 * 60 * 1000;

/** The batches the app sent, and where each message stands: what `GET …/delivery_report` reads. */
export class BatchLedger {
  readonly #batches = new Map<string, StoredBatch>();

  /** Stores an accepted request as a new batch, every recipient `Queued` (code 400). */
  add(id: string, request: BatchRequest, nowMs: number): StoredBatch {
    const at = new Date(nowMs).toISOString();
    const wire: WireTextBatch = {
      id,
      type: 'mt_text',
      to: request.to.slice(),
      from: request.from,
      body: request.body,
      canceled: false,
      created_at: at,
      modified_at: at,
      delivery_report: request.delivery_report,
      expire_at: new Date(nowMs + EXPIRY_MS).toISOString(),
    };
    if (request.callback_url !== undefined) wire.callback_url = request.callback_url;
    if (request.client_reference !== undefined) wire.client_reference = request.client_reference;
    const stored: StoredBatch = { wire, recipients: request.to.map((recipient) => ({ recipient, status: 'Queued', code: 400, at })) };
    this.#batches.set(id, stored);
    return stored;
  }

  /** A stored batch by id. */
  get(id: string): StoredBatch | undefined {
    return this.#batches.get(id);
  }

  /** Every batch as answered, oldest first. */
  all(): WireTextBatch[] {
    return [...this.#batches.values()].map((b) => b.wire);
  }

  /**
   * The batch delivery report Sinch answers `GET …/batches/{id}/delivery_report` with
   * (and posts for `summary`/`full` batches): counts per status and code, with the
   * recipients of each when `full`.
   */
  report(id: string, type: 'summary' | 'full'): Record<string, unknown> | undefined {
    const batch = this.#batches.get(id);
    if (batch === undefined) return undefined;
    const buckets = new Map<string, { code: number; count: number; recipients: string[]; status: string }>();
    for (const r of batch.recipients) {
      const key = `${r.status}:${r.code}`;
      const bucket = buckets.get(key) ?? { code: r.code, count: 0, recipients: [], status: r.status };
      bucket.count++;
      bucket.recipients.push(r.recipient);
      buckets.set(key, bucket);
    }
    const statuses = [...buckets.values()].map(({ recipients, ...rest }) => (type === 'full' ? { ...rest, recipients } : rest));
    const report: Record<string, unknown> = { batch_id: id, statuses, total_message_count: batch.recipients.length, type: 'delivery_report_sms' };
    if (batch.wire.client_reference !== undefined) report.client_reference = batch.wire.client_reference;
    return report;
  }
}
