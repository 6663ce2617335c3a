import type { SimulatedCallbackInput } from './types.js';

const DELIVERY_REPORT_TYPES = new Set(['delivery_report_sms', 'delivery_report_mms']);
const RECIPIENT_REPORT_TYPES = new Set(['recipient_delivery_report_sms', 'recipient_delivery_report_mms']);
const INBOUND_TYPES = new Set(['mo_text', 'mo_binary', 'mo_media']);

/**
 * The wire JSON of a non-inbound callback: a delivery report with what was omitted
 * filled in realistically (`batchId` for the batch, `nowMs` for `at`), or any other
 * type exactly as given.
 *
 * @throws {TypeError} for a missing `type`, or an inbound type (those go through `send()`).
 */
export function generateCallback(input: SimulatedCallbackInput, batchId: string, nowMs: number): Record<string, unknown> {
  const type: unknown = (input as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || type.length === 0) throw new TypeError('sendCallback: callback.type must be a non-empty string');
  if (INBOUND_TYPES.has(type)) throw new TypeError(`sendCallback: ${type} is an inbound; use send(), which also stores it for the REST API`);
  if (DELIVERY_REPORT_TYPES.has(type)) {
    return { batch_id: batchId, statuses: [{ code: 0, status: 'Delivered', count: 1 }], total_message_count: 1, ...input };
  }
  if (RECIPIENT_REPORT_TYPES.has(type)) {
    return { batch_id: batchId, recipient: '12015555555', code: 0, status: 'Delivered', at: new Date(nowMs).toISOString(), ...input };
  }
  return { ...input };
}
