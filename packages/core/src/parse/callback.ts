import type { SinchCallback, UnknownCallback } from '../types/callback.js';
import { readDeliveryReport, readRecipientDeliveryReport } from './delivery-report.js';
import { readInbound } from './inbound.js';
import { InboundParseError } from './inbound-parse-error.js';
import { describe, toJsonObject, type JsonInput, type JsonObject } from './json-input.js';
import type { rawPayload } from './raw-payload.js';

/**
 * Parses anything Sinch posts to a callback URL: inbound messages, delivery reports,
 * and — so that a new Sinch event never fails a webhook — any other `type`, returned as
 * an {@link UnknownCallback} that keeps the raw object. Fields a known type carries
 * beyond those typed here stay reachable through {@link rawPayload}.
 *
 * @throws {InboundParseError} when the payload is not a JSON object with a string
 * `type`, or a known type is invalid.
 */
export function parseCallback(input: JsonInput): SinchCallback {
  return readCallback(toJsonObject(input));
}

/** Reads any callback from a parsed JSON object. */
export function readCallback(obj: JsonObject): SinchCallback {
  const type = obj.type;
  switch (type) {
    case 'mo_text':
    case 'mo_binary':
    case 'mo_media':
      return readInbound(obj, '$');
    case 'delivery_report_sms':
    case 'delivery_report_mms':
      return readDeliveryReport(obj, type, '$');
    case 'recipient_delivery_report_sms':
    case 'recipient_delivery_report_mms':
      return readRecipientDeliveryReport(obj, type, '$');
    default:
      if (typeof type !== 'string' || type.length === 0) {
        throw new InboundParseError(
          '$.type',
          type === undefined ? 'is required' : `expected a non-empty string, got ${describe(type)}`,
        );
      }
      return { type, raw: obj } satisfies UnknownCallback;
  }
}
