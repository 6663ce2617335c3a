import { isKnownCallback } from '../types/callback-guards.js';
import type { SinchCallback } from '../types/callback.js';

/**
 * The status a per-recipient delivery report brings (`Queued`, `Dispatched`,
 * `Delivered`, `Failed`, …), as sent; `undefined` for any other callback. A batch
 * report counts several statuses at once and has none of its own.
 */
export function deliveryStatusOf(callback: SinchCallback): string | undefined {
  if (!isKnownCallback(callback)) return undefined;
  return callback.type === 'recipient_delivery_report_sms' || callback.type === 'recipient_delivery_report_mms' ? callback.status : undefined;
}
