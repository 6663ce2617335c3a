import type {
  InboundBase,
  InboundMessage,
  InboundType,
  MediaItem,
  MediaStatus,
  MoBinary,
  MoMedia,
  MoMediaBody,
  MoText,
  UnreadableMediaItem,
} from '../types/inbound.js';
import {
  optionalDate,
  optionalString,
  requiredArray,
  requiredDate,
  requiredInteger,
  requiredObject,
  requiredString,
} from './field-readers.js';
import { InboundParseError } from './inbound-parse-error.js';
import { describe, toJsonObject, type JsonInput, type JsonObject } from './json-input.js';
import { rememberRaw, rememberRawIfUntyped } from './raw-payload.js';

/**
 * Parses one inbound message (`mo_text`, `mo_binary` or `mo_media`) from raw JSON text,
 * UTF-8 bytes or an already-parsed object. Decodes only the date fields and never
 * mutates its input.
 *
 * Strict only on what is needed to act on a message: `id`, `type`, `from`, `to`,
 * `received_at` (and the JSON type of the typed fields). A `mo_binary` body and `udh`
 * are kept as sent (decode them with `decodeBinaryBody` / `decodeUdh`); an MMS
 * attachment that cannot be read is kept, flagged as an `UnreadableMediaItem`. The
 * result holds only the fields this version types; every field Sinch sent, new ones
 * included, stays reachable through {@link rawPayload} (for text and binary messages,
 * only when there is such a field).
 *
 * @throws {InboundParseError} on anything that is not a valid inbound message.
 */
export function parseInbound(input: JsonInput): InboundMessage {
  return readInbound(toJsonObject(input), '$');
}

/** Reads an inbound message from a JSON object located at `at` (for error paths). */
export function readInbound(obj: JsonObject, at: string): InboundMessage {
  const type = obj.type;
  // Built field by field rather than spread from a base object: object spread is the
  // slowest part of a parse otherwise, and parsing sits on every webhook's hot path.
  switch (type) {
    case 'mo_text': {
      const msg = readBase(obj, at, type) as MoText;
      msg.body = requiredString(obj, 'body', at, true);
      return rememberRawIfUntyped(msg, obj, 6 + optionalKeys(msg));
    }
    case 'mo_binary': {
      const msg = readBase(obj, at, type) as MoBinary;
      // Kept as sent: an encoding check here would refuse the whole message (and send it
      // into Sinch's retries); decodeBinaryBody / decodeUdh check when the app decodes.
      msg.body = requiredString(obj, 'body', at, true);
      msg.udh = requiredString(obj, 'udh', at, true);
      return rememberRawIfUntyped(msg, obj, 7 + optionalKeys(msg));
    }
    case 'mo_media': {
      const msg = readBase(obj, at, type) as MoMedia;
      msg.body = readMediaBody(requiredObject(obj, 'body', at), `${at}.body`);
      return rememberRaw(msg, obj);
    }
    default:
      throw new InboundParseError(
        `${at}.type`,
        type === undefined
          ? 'is required'
          : `expected one of "mo_text", "mo_binary", "mo_media", got ${typeof type === 'string' ? JSON.stringify(type) : describe(type)}`,
      );
  }
}

// How many of the optional base fields a message has (id, type, from, to, received_at
// and the body are always there); counted rather than enumerated, it is on the hot path.
function optionalKeys(msg: InboundBase): number {
  return (msg.sent_at === undefined ? 0 : 1) + (msg.operator_id === undefined ? 0 : 1) + (msg.client_reference === undefined ? 0 : 1);
}

function readBase(obj: JsonObject, at: string, type: InboundType): InboundBase & { type: InboundType } {
  const base: InboundBase & { type: InboundType } = {
    id: requiredString(obj, 'id', at),
    type,
    from: readMsisdn(obj, 'from', at),
    to: requiredString(obj, 'to', at),
    received_at: requiredDate(obj, 'received_at', at),
  };
  // Older documentation spells it `send_at`; accept both, prefer the current name.
  const sentAt = optionalDate(obj, 'sent_at', at) ?? optionalDate(obj, 'send_at', at);
  if (sentAt !== undefined) base.sent_at = sentAt;
  const operatorId = optionalString(obj, 'operator_id', at);
  if (operatorId !== undefined) base.operator_id = operatorId;
  const clientReference = optionalString(obj, 'client_reference', at);
  if (clientReference !== undefined) base.client_reference = clientReference;
  return base;
}

// One old Sinch example has `from` as a JSON number; digits beyond 2^53 would be
// silently wrong, so only safe non-negative integers are turned back into text.
function readMsisdn(obj: JsonObject, key: string, at: string): string {
  const v = obj[key];
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v >= 0) return String(v);
    throw new InboundParseError(`${at}.${key}`, `expected an MSISDN, got the number ${v}`);
  }
  return requiredString(obj, key, at);
}

function readMediaBody(obj: JsonObject, at: string): MoMediaBody {
  const body: MoMediaBody = {};
  const subject = optionalString(obj, 'subject', at);
  if (subject !== undefined) body.subject = subject;
  const message = optionalString(obj, 'message', at);
  if (message !== undefined) body.message = message;
  if (obj.media !== undefined && obj.media !== null) {
    const items = requiredArray(obj, 'media', at);
    const media: (MediaItem | UnreadableMediaItem)[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) media[i] = readMediaItem(items[i], `${at}.media[${i}]`);
    body.media = media;
  }
  return body;
}

// One attachment that cannot be read must not refuse the MMS (its text, the other
// attachments): such an entry is kept, flagged, with every field that could be read.
function readMediaItem(value: unknown, at: string): MediaItem | UnreadableMediaItem {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { unreadable: new InboundParseError(at, `expected an object, got ${describe(value)}`), raw: value };
  }
  const obj = value as JsonObject;
  let problem: InboundParseError | undefined;
  const read = <T>(reader: () => T): T | undefined => {
    try {
      return reader();
    } catch (error) {
      if (!(error instanceof InboundParseError)) throw error;
      problem ??= error;
      return undefined;
    }
  };
  // One official example writes `contentType` and `"UPLOADED"`: accept either key and case.
  const contentKey = obj.content_type === undefined && obj.contentType !== undefined ? 'contentType' : 'content_type';
  const contentType = read(() => requiredString(obj, contentKey, at));
  const status = read(() => normaliseStatus(requiredString(obj, 'status', at, true)));
  const code = read(() => requiredInteger(obj, 'code', at));
  const url = read(() => optionalString(obj, 'url', at));
  if (problem === undefined) {
    const item: MediaItem = { content_type: contentType!, status: status!, code: code! };
    if (url !== undefined) item.url = url;
    return item;
  }
  const item: UnreadableMediaItem = { unreadable: problem, raw: value };
  if (url !== undefined) item.url = url;
  if (contentType !== undefined) item.content_type = contentType;
  if (status !== undefined) item.status = status;
  if (code !== undefined) item.code = code;
  return item;
}

function normaliseStatus(status: string): MediaStatus {
  const lower = status.toLowerCase();
  if (lower === 'uploaded') return 'Uploaded';
  if (lower === 'failed') return 'Failed';
  return status;
}
