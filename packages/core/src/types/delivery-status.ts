/**
 * The statuses Sinch documents for a message in a delivery report, in the order a
 * message can reach them: `Queued` and `Dispatched` are intermediate (reported only to
 * `per_recipient` reports), the others final.
 */
export const DELIVERY_STATUSES = Object.freeze([
  'Queued',
  'Dispatched',
  'Aborted',
  'Cancelled',
  'Rejected',
  'Deleted',
  'Delivered',
  'Failed',
  'Expired',
  'Unknown',
] as const);

/** A status Sinch documents (see {@link DELIVERY_STATUSES}). */
export type KnownDeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The `status` of a delivery report: one Sinch documents, or — kept as sent, never
 * refused — one it adds later. The `string & {}` keeps editor completion of the known ones.
 */
export type DeliveryStatus = KnownDeliveryStatus | (string & {});

const INTERMEDIATE: ReadonlySet<string> = new Set(['Queued', 'Dispatched']);

/**
 * Whether `status` is final: no later report will change it. Everything but `Queued`
 * and `Dispatched` is final, a status this version does not know included (Sinch adds
 * final ones, e.g. `Cancelled`, not intermediate ones).
 */
export function isFinalDeliveryStatus(status: DeliveryStatus): boolean {
  return !INTERMEDIATE.has(status);
}
