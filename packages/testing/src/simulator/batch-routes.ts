import { isApiError } from './api-error.js';
import type { BatchLedger } from './batch-ledger.js';
import { readBatchRequest, type BatchRequest } from './batch-request.js';
import type { WireTextBatch } from './batch-types.js';

/** What the batch routes need from the simulator. */
export interface BatchDesk {
  ledger: BatchLedger;
  /** Stores a valid request as a new batch and starts its delivery; returns the batch. */
  accept(request: BatchRequest): WireTextBatch;
}

/** An answer of the REST handler. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Largest batch request body read; Sinch's own limit is not documented, 2,000 characters × 1,000 recipients fit. */
export const MAX_BATCH_BYTES = 1024 * 1024;

/** `POST …/batches`: 201 with the batch, or Sinch's 400 `{ code, text }`; `text` is `undefined` when the body was too large. */
export function answerSendBatch(text: string | undefined, desk: BatchDesk): Answer {
  if (text === undefined) return json(413, { code: 'request_too_large', text: 'The request body is too large' });
  const request = readBatchRequest(text);
  if (isApiError(request)) return json(request.status, { code: request.code, text: request.text });
  return json(201, desk.accept(request));
}

/** `GET …/batches/{id}/delivery_report?type=summary|full`: the batch report, 404 for an unknown batch. */
export function answerDeliveryReport(batchId: string | undefined, params: URLSearchParams, desk: BatchDesk): Answer {
  const type = params.get('type') ?? 'summary';
  if (type !== 'summary' && type !== 'full') {
    return json(400, { code: 'syntax_invalid_parameter_format', text: `type must be summary or full, got ${JSON.stringify(type)}` });
  }
  const report = batchId === undefined ? undefined : desk.ledger.report(batchId, type);
  if (report === undefined) return json(404, { code: 'not_found', text: `Batch ${JSON.stringify(batchId)} not found` });
  return json(200, report);
}

function json(status: number, body: unknown): Answer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
