/**
 * Which delivery reports Sinch sends to the callback URL for a batch (its
 * `delivery_report` field):
 * - `none`: none;
 * - `summary`: one `delivery_report_sms` when the batch is done, counts per status;
 * - `full`: the same with the recipients of each status;
 * - `per_recipient`: a `recipient_delivery_report_sms` per recipient for every status
 *   change, `Queued` and `Dispatched` included (what a conversation needs for live ticks);
 * - `per_recipient_final`: the same, final statuses only.
 */
export type DeliveryReportKind = 'none' | 'summary' | 'full' | 'per_recipient' | 'per_recipient_final';

/** Every {@link DeliveryReportKind}, as a runtime list. */
export const DELIVERY_REPORT_KINDS: readonly DeliveryReportKind[] = Object.freeze([
  'none',
  'summary',
  'full',
  'per_recipient',
  'per_recipient_final',
] as const);

/**
 * A text batch as Sinch answers `POST /xms/v1/{service_plan_id}/batches` (SPEC §4b):
 * snake_case wire keys, the date fields decoded to `Date`. `id` is the batch id every
 * delivery report of this batch carries as `batch_id`. Fields Sinch left out are
 * absent; the whole answer is kept by `rawPayload(batch)`.
 */
export interface TextBatch {
  /** The batch id; delivery reports carry it as `batch_id`. */
  id: string;
  /** `mt_text` for a text batch. */
  type: 'mt_text' | (string & {});
  /** The recipients, as Sinch normalised them. */
  to: string[];
  /** The sender number, short code or alphanumeric sender. */
  from?: string;
  /** The message text. */
  body?: string;
  /** Whether the batch was cancelled. */
  canceled?: boolean;
  /** When Sinch created the batch. */
  created_at?: Date;
  /** When the batch was last changed. */
  modified_at?: Date;
  /** Which delivery reports will be sent to the callback URL. */
  delivery_report?: DeliveryReportKind | (string & {});
  /** The callback URL of this batch, when one was given instead of the service plan's. */
  callback_url?: string;
  /** Your reference, echoed in every delivery report of the batch. */
  client_reference?: string;
  /** When the batch is (or was) to be sent. */
  send_at?: Date;
  /** When Sinch stops trying to deliver it. */
  expire_at?: Date;
}

