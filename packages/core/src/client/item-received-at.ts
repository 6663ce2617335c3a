import { sinchDateToEpochMs } from '../parse/sinch-date.js';
import type { InboundsPageItem } from '../types/inbounds-page-item.js';

/**
 * When Sinch received a list item, in epoch ms, or `undefined` when that is unknown.
 * Unknown and unreadable items still sort by the server's `received_at`: it is read raw.
 */
export function itemReceivedAtMs(item: InboundsPageItem): number | undefined {
  if (item.type !== 'unknown_inbound' && item.type !== 'unreadable_inbound') return item.received_at.getTime();
  const raw = item.raw;
  if (raw === null || typeof raw !== 'object') return undefined;
  const text = (raw as Record<string, unknown>).received_at;
  return typeof text === 'string' ? sinchDateToEpochMs(text) : undefined;
}
