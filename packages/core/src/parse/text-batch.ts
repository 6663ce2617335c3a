import type { TextBatch } from '../types/batch.js';
import { InboundParseError } from './inbound-parse-error.js';
import { toJsonObject, type JsonObject } from './json-input.js';
import { rememberRaw } from './raw-payload.js';
import { sinchDateToEpochMs } from './sinch-date.js';

const STRING_FIELDS = ['from', 'body', 'delivery_report', 'callback_url', 'client_reference'] as const;
const DATE_FIELDS = ['created_at', 'modified_at', 'send_at', 'expire_at'] as const;

/**
 * Reads Sinch's answer to a batch it accepted. Only `id` is required: the batch has
 * been sent by then, so a field of an unexpected shape must not turn a sent message
 * into an error (the caller might send it again). Such a field is left out of the typed
 * object, never cast; `rawPayload(batch)` keeps the answer whole. Only the date fields
 * become dates, and never an `Invalid Date`.
 *
 * @throws {InboundParseError} when the answer is not a JSON object or has no string `id`.
 */
export function readTextBatch(input: string | JsonObject): TextBatch {
  const obj = toJsonObject(input);
  const id = obj.id;
  if (typeof id !== 'string' || id.length === 0) throw new InboundParseError('$.id', 'the batch answer has no id');
  const to = Array.isArray(obj.to) ? obj.to.filter((r): r is string => typeof r === 'string') : [];
  const batch: TextBatch = { id, type: typeof obj.type === 'string' ? obj.type : 'mt_text', to };
  for (const key of STRING_FIELDS) {
    const v = obj[key];
    if (typeof v === 'string') batch[key] = v;
  }
  if (typeof obj.canceled === 'boolean') batch.canceled = obj.canceled;
  for (const key of DATE_FIELDS) {
    const v = obj[key];
    const ms = typeof v === 'string' ? sinchDateToEpochMs(v) : undefined;
    if (ms !== undefined) batch[key] = new Date(ms);
  }
  return rememberRaw(batch, obj);
}
