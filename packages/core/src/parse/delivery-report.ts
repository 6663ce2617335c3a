import type { DeliveryReport, DeliveryReportStatus, RecipientDeliveryReport } from '../types/delivery-report.js';
import {
  objectAt,
  optionalDate,
  optionalInteger,
  optionalString,
  optionalStringArray,
  requiredArray,
  requiredDate,
  requiredInteger,
  requiredString,
} from './field-readers.js';
import type { JsonObject } from './json-input.js';
import { rememberRaw } from './raw-payload.js';

/** Reads a batch delivery report; `type` has already been checked by the caller. */
export function readDeliveryReport(obj: JsonObject, type: DeliveryReport['type'], at: string): DeliveryReport {
  const items = requiredArray(obj, 'statuses', at);
  const statuses: DeliveryReportStatus[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const itemAt = `${at}.statuses[${i}]`;
    const s = objectAt(items, i, `${at}.statuses`);
    const status: DeliveryReportStatus = {
      code: requiredInteger(s, 'code', itemAt),
      status: requiredString(s, 'status', itemAt),
      count: requiredInteger(s, 'count', itemAt),
    };
    const recipients = optionalStringArray(s, 'recipients', itemAt);
    if (recipients !== undefined) status.recipients = recipients;
    statuses[i] = status;
  }
  const report: DeliveryReport = {
    type,
    batch_id: requiredString(obj, 'batch_id', at),
    statuses,
    total_message_count: requiredInteger(obj, 'total_message_count', at),
  };
  const clientReference = optionalString(obj, 'client_reference', at);
  if (clientReference !== undefined) report.client_reference = clientReference;
  return rememberRaw(report, obj);
}

/** Reads a per-recipient delivery report; `type` has already been checked by the caller. */
export function readRecipientDeliveryReport(
  obj: JsonObject,
  type: RecipientDeliveryReport['type'],
  at: string,
): RecipientDeliveryReport {
  const report: RecipientDeliveryReport = {
    type,
    batch_id: requiredString(obj, 'batch_id', at),
    recipient: requiredString(obj, 'recipient', at),
    code: requiredInteger(obj, 'code', at),
    status: requiredString(obj, 'status', at),
    at: requiredDate(obj, 'at', at),
  };
  const operatorStatusAt = optionalDate(obj, 'operator_status_at', at);
  if (operatorStatusAt !== undefined) report.operator_status_at = operatorStatusAt;
  for (const key of ['client_reference', 'applied_originator', 'encoding', 'operator'] as const) {
    const v = optionalString(obj, key, at);
    if (v !== undefined) report[key] = v;
  }
  const parts = optionalInteger(obj, 'number_of_message_parts', at);
  if (parts !== undefined) report.number_of_message_parts = parts;
  return rememberRaw(report, obj);
}
