/** Which delivery reports a batch asked for (Sinch's `delivery_report`). */
export type WireDeliveryReportKind = 'none' | 'summary' | 'full' | 'per_recipient' | 'per_recipient_final';

/** A text batch as the simulator answered `POST …/batches` (Sinch's 201 body), dates as ISO strings. */
export interface WireTextBatch {
  id: string;
  type: 'mt_text';
  to: string[];
  from: string;
  body: string;
  canceled: boolean;
  created_at: string;
  modified_at: string;
  delivery_report: WireDeliveryReportKind;
  expire_at: string;
  callback_url?: string;
  client_reference?: string;
}

/**
 * How the message to a failing recipient ends. Default `{ status: 'Aborted', code: 402 }`
 * ("Message unroutable", Sinch's documented pair). `Aborted` and `Cancelled` happen
 * before the SMSC, so no `Dispatched` report comes first; any other status follows
 * `Queued` and `Dispatched`.
 */
export interface SimulatedDeliveryFailure {
  /** The final status, e.g. `Failed`, `Rejected`, `Expired`, `Aborted`. */
  status?: 'Aborted' | 'Cancelled' | 'Rejected' | 'Deleted' | 'Failed' | 'Expired' | 'Unknown';
  /** Sinch's detailed code sent with it; default 402. */
  code?: number;
}
