import { apiError, type ApiError } from './api-error.js';
import type { WireDeliveryReportKind } from './batch-types.js';

/** A batch request that passed validation: what the simulator stores and answers with. */
export interface BatchRequest {
  from: string;
  to: string[];
  body: string;
  delivery_report: WireDeliveryReportKind;
  callback_url?: string;
  client_reference?: string;
}

const KINDS: readonly string[] = ['none', 'summary', 'full', 'per_recipient', 'per_recipient_final'];
const MAX_RECIPIENTS = 1000;
const MAX_BODY = 2000;
const MAX_REFERENCE = 2048;

/**
 * Validates a `POST …/batches` body the way Sinch does, answering a bad one with
 * Sinch's 400 shape `{ code, text }`: `syntax_invalid_json` when it is not a JSON
 * object, `syntax_constraint_violation` for a missing or out-of-range field,
 * `syntax_invalid_parameter_format` for a value of the wrong form. Only text batches
 * (`type` absent or `mt_text`) are simulated; `delivery_report` defaults to `none`, as
 * on Sinch.
 */
export function readBatchRequest(text: string): BatchRequest | ApiError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return invalid('syntax_invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalid('syntax_invalid_json', 'The request body must be a JSON object');
  const o = value as Record<string, unknown>;
  if (o.type !== undefined && o.type !== 'mt_text') {
    return invalid('syntax_constraint_violation', `type ${JSON.stringify(o.type)} is not simulated; only mt_text batches are`);
  }
  const to = o.to;
  if (!Array.isArray(to) || to.length === 0 || to.length > MAX_RECIPIENTS) {
    return invalid('syntax_constraint_violation', `to must be an array of 1 to ${MAX_RECIPIENTS} recipients`);
  }
  const bad = to.findIndex((r) => typeof r !== 'string' || !/^\+?[0-9]{3,15}$/.test(r));
  if (bad >= 0) return invalid('syntax_invalid_parameter_format', `to[${bad}] is not a valid MSISDN: ${JSON.stringify(to[bad])}`);
  if (typeof o.from !== 'string' || o.from.length === 0) {
    return invalid('syntax_constraint_violation', 'from is required: no default originator is configured for this service plan');
  }
  if (typeof o.body !== 'string' || o.body.length === 0 || [...o.body].length > MAX_BODY) {
    return invalid('syntax_constraint_violation', `body must be a string of 1 to ${MAX_BODY} characters`);
  }
  const kind = o.delivery_report ?? 'none';
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    return invalid('syntax_invalid_parameter_format', `delivery_report must be one of ${KINDS.join(', ')}`);
  }
  const request: BatchRequest = { from: o.from, to: to as string[], body: o.body, delivery_report: kind as WireDeliveryReportKind };
  if (o.callback_url !== undefined) {
    if (typeof o.callback_url !== 'string' || !isHttpUrl(o.callback_url)) {
      return invalid('syntax_invalid_parameter_format', 'callback_url must be a valid http(s) URL');
    }
    request.callback_url = o.callback_url;
  }
  if (o.client_reference !== undefined) {
    if (typeof o.client_reference !== 'string' || o.client_reference.length > MAX_REFERENCE) {
      return invalid('syntax_constraint_violation', `client_reference must be a string of at most ${MAX_REFERENCE} characters`);
    }
    request.client_reference = o.client_reference;
  }
  return request;
}

function invalid(code: string, text: string): ApiError {
  return apiError(400, code, text);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
