import { isFinalDeliveryStatus, type AnyDeliveryReport, type InboundMessage, type TextBatch } from '@sinch-inbounds/core';

/** A reply the inbox sent, and where it stands (JSON for the page). */
export interface Reply {
  /** The batch id Sinch gave it: its delivery reports carry it as `batch_id`. */
  batch_id: string;
  /** The inbound it answers. */
  inbound_id: string;
  /** Your number it was sent from. */
  from: string;
  /** The number it was sent to. */
  to: string;
  body: string;
  /** When Sinch accepted it (ISO-8601). */
  sent_at: string;
  /** The latest status: `Sent` until the first report, then Sinch's (`Queued`, `Dispatched`, `Delivered`, `Failed`, …). */
  status: string;
  /** Sinch's code of that status, once a report brought one. */
  code?: number;
  /** Whether `status` is final. */
  final: boolean;
}

/** Called with a reply whenever it is added or its status changes. */
export type ReplyListener = (reply: Reply) => void;

/**
 * The replies the inbox sent and their delivery status, by batch id. A report may
 * arrive before `reply()` has even resolved (Sinch reports `Queued` at once), so reports
 * for an unknown batch are kept until it is added. A status never goes back: a late
 * `Queued` does not undo `Delivered`. In memory: a real app would use its database.
 */
export class ReplyStore {
  readonly #byBatch = new Map<string, Reply>();
  readonly #early = new Map<string, AnyDeliveryReport[]>();
  readonly #listeners = new Set<ReplyListener>();

  /** Records a reply Sinch accepted, applying any report that came first. */
  add(batch: TextBatch, inbound: InboundMessage, body: string): Reply {
    const reply: Reply = {
      batch_id: batch.id,
      inbound_id: inbound.id,
      from: inbound.to,
      to: inbound.from,
      body,
      sent_at: (batch.created_at ?? new Date()).toISOString(),
      status: 'Sent',
      final: false,
    };
    this.#byBatch.set(batch.id, reply);
    for (const report of this.#early.get(batch.id) ?? []) this.#apply(reply, report);
    this.#early.delete(batch.id);
    this.#tell(reply);
    return reply;
  }

  /** Applies a delivery report to the reply it is about; `undefined` when it changed nothing shown. */
  applyReport(report: AnyDeliveryReport): Reply | undefined {
    const reply = this.#byBatch.get(report.batch_id);
    if (reply === undefined) {
      this.#early.set(report.batch_id, [...(this.#early.get(report.batch_id) ?? []), report]);
      return undefined;
    }
    if (!this.#apply(reply, report)) return undefined;
    this.#tell(reply);
    return reply;
  }

  /** Every reply, oldest first. */
  list(): Reply[] {
    return [...this.#byBatch.values()];
  }

  /** Calls `listener` on every added or changed reply; returns the function that unsubscribes it. */
  onChange(listener: ReplyListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #apply(reply: Reply, report: AnyDeliveryReport): boolean {
    // A batch report counts per status; a one-recipient reply has one bucket.
    const update = 'statuses' in report ? report.statuses[0] : report;
    if (update === undefined || rank(update.status) < rank(reply.status)) return false;
    if (update.status === reply.status && update.code === reply.code) return false;
    reply.status = update.status;
    reply.code = update.code;
    reply.final = isFinalDeliveryStatus(update.status);
    return true;
  }

  #tell(reply: Reply): void {
    for (const listener of this.#listeners) listener({ ...reply });
  }
}

function rank(status: string): number {
  if (status === 'Sent') return 0;
  if (status === 'Queued') return 1;
  if (status === 'Dispatched') return 2;
  return 3;
}
