import type { DeliveryStatus } from './delivery-status.js';

/** One status bucket of a batch delivery report. */
export interface DeliveryReportStatus {
  /** Sinch delivery status code. */
  code: number;
  /** Status name, e.g. `Delivered`, `Failed`, `Dispatched`. */
  status: DeliveryStatus;
  /** Number of messages in this status. */
  count: number;
  /** The recipients in this status, when the report type includes them. */
  recipients?: string[];
}

/** A batch delivery report (`delivery_report_sms` / `delivery_report_mms`). */
export interface DeliveryReport {
  type: 'delivery_report_sms' | 'delivery_report_mms';
  /** The `id` of the batch it reports on: what `client.reply()` / `client.sendText()` returned. */
  batch_id: string;
  statuses: DeliveryReportStatus[];
  total_message_count: number;
  /** The `clientReference` the batch was sent with, when it had one. */
  client_reference?: string;
}

/** A per-recipient delivery report (`recipient_delivery_report_sms` / `recipient_delivery_report_mms`). */
export interface RecipientDeliveryReport {
  type: 'recipient_delivery_report_sms' | 'recipient_delivery_report_mms';
  /** The `id` of the batch it reports on: what `client.reply()` / `client.sendText()` returned. */
  batch_id: string;
  /** The number the message went to. */
  recipient: string;
  /** Sinch's detailed status code (0 Delivered, 400 Queued, 401 Dispatched, 402… why it failed). */
  code: number;
  /** Where the message stands (`Queued`, `Dispatched`, `Delivered`, `Failed`, …); see `isFinalDeliveryStatus`. */
  status: DeliveryStatus;
  /** When the status was reached. */
  at: Date;
  /** When the operator reported the status, if it did. */
  operator_status_at?: Date;
  /** The `clientReference` the batch was sent with, when it had one. */
  client_reference?: string;
  applied_originator?: string;
  /** The operator that carried the message, when the account has this enabled. */
  operator?: string;
  encoding?: string;
  number_of_message_parts?: number;
}

/** Any delivery report. */
export type AnyDeliveryReport = DeliveryReport | RecipientDeliveryReport;

/** The `type` values of delivery reports, as a runtime list. */
export const DELIVERY_REPORT_TYPES: readonly AnyDeliveryReport['type'][] = Object.freeze([
  'delivery_report_sms',
  'delivery_report_mms',
  'recipient_delivery_report_sms',
  'recipient_delivery_report_mms',
] as const);
