import type { DeliveryAttempt, DeliveryRecord } from '../simulator/types.js';
import { retryDelayMs } from '../simulator/webhook-delivery.js';

/**
 * One line about a failed attempt that will be retried (`undefined` for any other
 * attempt: the final outcome is reported by {@link describeDelivery}).
 */
export function describeRetry(record: DeliveryRecord, attempt: DeliveryAttempt, timeScale: number): string | undefined {
  if (record.outcome !== 'pending') return undefined;
  const answer = attempt.status !== undefined ? `HTTP ${attempt.status}` : (attempt.error ?? 'no answer');
  const nextMs = retryDelayMs(record.attempts.length - 1, timeScale);
  return `attempt ${record.attempts.length} for ${record.inboundId}: ${answer}; retrying in ${formatDelay(nextMs)}`;
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** One human line about how a delivery went, with a hint when the likely cause is known. */
export function describeDelivery(record: DeliveryRecord): string {
  const attempts = record.attempts.length;
  const last = record.attempts.at(-1);
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  const answer = last === undefined ? 'no attempt' : last.status !== undefined ? `HTTP ${last.status}` : (last.error ?? 'no answer');
  switch (record.outcome) {
    case 'delivered':
      return `delivered ${record.inboundId} to ${record.url}: ${answer} (${tries})`;
    case 'dropped':
      return `dropped ${record.inboundId}: ${record.url} answered ${answer}, which Sinch never retries${hintFor(last?.status)}`;
    case 'exhausted':
      return `failed to deliver ${record.inboundId} to ${record.url} after ${tries}: ${answer}${hintFor(last?.status, last?.error)}`;
    case 'pending':
      return `delivery of ${record.inboundId} to ${record.url} still pending after ${tries} (last: ${answer})`;
  }
}

function hintFor(status?: number, error?: string): string {
  if (error?.startsWith('ECONNREFUSED')) return ' — is your app listening on that address?';
  if (status === 401) return ' — does your app use the same secret as --secret?';
  if (status === 404) return ' — is the path right?';
  if (status === 415) return ' — the app refused application/json';
  return '';
}
