import { isUnknownCallback } from '../../types/callback-guards.js';
import type { SinchCallback } from '../../types/callback.js';

/**
 * The key a callback is deduplicated on, or `undefined` when it has no stable identity.
 * Injective: two callbacks share a key only when every field that makes up their
 * identity is equal, whatever characters those fields contain.
 *
 * - Inbound messages: `mo:<id>`, the id as is, shared by all MO types. Kept in this
 *   plain form (it is the whole rest of the key, so nothing can be confused with it):
 *   reconcile and the shared stores' key docs name inbounds by it.
 * - Per-recipient delivery reports carry no id; a redelivery repeats the same type,
 *   batch, recipient, code, status and `at`, so those make the key.
 * - Batch delivery reports: type, batch, total and every status bucket; an identical
 *   summary carries no new information, so dropping its copy loses nothing.
 * - Unknown types: their type and `id` when they have a string id, otherwise no dedupe.
 *
 * Every part but the inbound id is written as a JSON array: JSON escapes its string
 * delimiters, so `BATCH:1` + `467…` and `BATCH` + `1:467…` (or `["111,222"]` and
 * `["111","222"]`) no longer meet, as joining with `:` or `,` made them.
 */
export function dedupeKeyOf(callback: SinchCallback): string | undefined {
  if (isUnknownCallback(callback)) {
    const id = callback.raw.id;
    return typeof id === 'string' && id.length > 0 ? `unknown:${JSON.stringify([callback.type, id])}` : undefined;
  }
  switch (callback.type) {
    case 'mo_text':
    case 'mo_binary':
    case 'mo_media':
      return `mo:${callback.id}`;
    case 'recipient_delivery_report_sms':
    case 'recipient_delivery_report_mms':
      return `dr:${JSON.stringify([callback.type, callback.batch_id, callback.recipient, callback.code, callback.status, callback.at.toISOString()])}`;
    case 'delivery_report_sms':
    case 'delivery_report_mms': {
      // `recipients` absent (null) and empty ([]) stay apart.
      const buckets = callback.statuses.map((s) => [s.code, s.status, s.count, s.recipients ?? null]);
      return `dr:${JSON.stringify([callback.type, callback.batch_id, callback.total_message_count, buckets])}`;
    }
  }
}
