import type { SinchCallback } from '../types/callback.js';

/**
 * The key a callback is deduplicated on, or `undefined` when it has no stable identity.
 *
 * - Inbound messages: their `id` (`mo:<id>`), shared by all MO types.
 * - Per-recipient delivery reports carry no id; a redelivery repeats the same
 *   type, batch, recipient, status, code and `at`, so those make the key.
 * - Batch delivery reports: type, batch, total and every status bucket; an identical
 *   summary carries no new information, so dropping its copy loses nothing.
 * - Unknown types: their `id` when they have a string one, otherwise no dedupe.
 */
export function dedupeKeyOf(callback: SinchCallback): string | undefined {
  if ('raw' in callback) {
    const id = callback.raw.id;
    return typeof id === 'string' && id.length > 0 ? `unknown:${callback.type}:${id}` : undefined;
  }
  switch (callback.type) {
    case 'mo_text':
    case 'mo_binary':
    case 'mo_media':
      return `mo:${callback.id}`;
    case 'recipient_delivery_report_sms':
    case 'recipient_delivery_report_mms':
      return `dr:${callback.type}:${callback.batch_id}:${callback.recipient}:${callback.code}:${callback.status}:${callback.at.toISOString()}`;
    case 'delivery_report_sms':
    case 'delivery_report_mms': {
      const buckets = callback.statuses
        .map((s) => `${s.code}/${s.status}/${s.count}/${s.recipients ? s.recipients.join(',') : ''}`)
        .join('|');
      return `dr:${callback.type}:${callback.batch_id}:${callback.total_message_count}:${buckets}`;
    }
  }
}
