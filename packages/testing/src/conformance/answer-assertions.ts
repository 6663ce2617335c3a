import assert from 'node:assert/strict';
import type { HttpAnswer } from './http-exchange.js';

/** Asserts the status (and the exact body, when given) of an answer, showing both on failure. */
export function assertAnswer(answer: HttpAnswer, status: number, body?: string): void {
  const seen = `${answer.status} ${answer.body}`;
  assert.equal(answer.status, status, `expected ${status}${body === undefined ? '' : ` ${body}`}, got ${seen}`);
  if (body !== undefined) assert.equal(answer.body, body, `expected the body ${body}, got ${seen}`);
}

/** The contract's fixed bodies (core README, "What Sinch gets back"). */
export const BODIES = Object.freeze({
  accepted: '{"status":"accepted"}',
  duplicate: '{"status":"duplicate"}',
  unauthorized: '{"error":"unauthorized"}',
  methodNotAllowed: '{"error":"method_not_allowed"}',
  unsupportedMediaType: '{"error":"unsupported_media_type"}',
  payloadTooLarge: '{"error":"payload_too_large"}',
  badRequest: '{"error":"bad_request"}',
  internalError: '{"error":"internal_error"}',
});
