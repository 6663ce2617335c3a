import { InboundParseError } from '../../parse/inbound-parse-error.js';
import { parseCallback } from '../../parse/callback.js';
import { isKnownCallback } from '../../types/callback-guards.js';
import type { DeliveryReport } from '../../types/delivery-report.js';
import { InvalidParamsError } from '../errors.js';
import { encodePathSegment } from '../path-segment.js';
import type { RestEndpoint } from '../rest-endpoint.js';

/** Options of `client.getDeliveryReport(batchId, options?)`. */
export interface GetDeliveryReportOptions {
  /** `summary` (Sinch's default): counts per status; `full`: the same with each status's recipients. */
  type?: 'summary' | 'full';
  /** Cancels the call, including retries and backoff waits, at once. */
  signal?: AbortSignal;
}

/**
 * Reads one batch's delivery report (`GET …/batches/{batch_id}/delivery_report`), an
 * idempotent read retried like the inbounds calls.
 *
 * @throws {InboundParseError} when the answer is not a batch delivery report.
 */
export async function getDeliveryReport(rest: RestEndpoint, batchId: string, options: GetDeliveryReportOptions = {}): Promise<DeliveryReport> {
  const segment = encodePathSegment(batchId, 'batchId');
  const { type } = options;
  if (type !== undefined && type !== 'summary' && type !== 'full') {
    throw new InvalidParamsError('type', `must be 'summary' or 'full', got ${JSON.stringify(type)}`);
  }
  const answer = await rest.send({
    method: 'GET',
    path: `/batches/${segment}/delivery_report${type === undefined ? '' : `?type=${type}`}`,
    template: '/batches/{batch_id}/delivery_report',
    signal: options.signal,
  });
  const report = parseCallback(answer.text);
  if (isKnownCallback(report) && (report.type === 'delivery_report_sms' || report.type === 'delivery_report_mms')) return report;
  throw new InboundParseError('$.type', `expected a batch delivery report, got ${JSON.stringify(report.type)}`);
}
