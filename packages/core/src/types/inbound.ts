import type { InboundParseError } from './inbound-parse-error.js';

/**
 * Fields every inbound (mobile-originated) message carries, whatever its `type`.
 * Keys are snake_case as on the wire; date fields are decoded to `Date`. Fields Sinch
 * sends that this version does not type are not copied here; `rawPayload(msg)` returns
 * the whole JSON object the message was parsed from.
 */
export interface InboundBase {
  /** Sinch's id of the message (the `inbound_id` of the REST API). */
  id: string;
  /** Sender MSISDN, exactly as Sinch sent it (with or without a leading `+`). */
  from: string;
  /** Your Sinch number or short code the message was sent to. */
  to: string;
  /** When Sinch received the message. */
  received_at: Date;
  /** When the message left the handset, only if the operator reported it (`send_at` on older payloads). */
  sent_at?: Date;
  /** MCC+MNC of the sender's operator, e.g. `"311071"`. */
  operator_id?: string;
  /** Set when the message answers an outbound batch that carried a client reference. */
  client_reference?: string;
}

/** An inbound text SMS. */
export interface MoText extends InboundBase {
  type: 'mo_text';
  /** The text, any Unicode. */
  body: string;
}

/**
 * An inbound binary SMS. `body` and `udh` are kept exactly as Sinch sent them and not
 * checked at parse time (a strict check would refuse the message and send it into
 * Sinch's retry loop); decode them with {@link decodeBinaryBody} and {@link decodeUdh},
 * which throw an `InboundParseError` on bad input.
 */
export interface MoBinary extends InboundBase {
  type: 'mo_binary';
  /** The payload, Base64-encoded, as sent. */
  body: string;
  /** User data header, hex-encoded, as sent. */
  udh: string;
}

/**
 * Upload status of one MMS attachment. Sinch's documented values are normalised to
 * `'Uploaded'` and `'Failed'` whatever their letter case; anything else is kept as sent.
 */
export type MediaStatus = 'Uploaded' | 'Failed' | (string & {});

/** One attachment of an inbound MMS, uploaded by Sinch to your storage bucket. */
export interface MediaItem {
  /** Absent on a fully read item; see {@link UnreadableMediaItem}. */
  unreadable?: undefined;
  /** Where to download the attachment; absent when the upload failed. */
  url?: string;
  /** MIME type, e.g. `image/jpeg` (also accepted as `contentType` on the wire). */
  content_type: string;
  /** Upload status; see {@link isMediaUploaded} for the reliable check. */
  status: MediaStatus;
  /** 0 = uploaded; any other code is a failed upload (see {@link MEDIA_STATUS_CODES} and {@link mediaStatusCode}). */
  code: number;
}

/**
 * An attachment entry that could not be read in full (say `code` or `content_type` is
 * missing). The rest of the MMS is not refused for it: the entry stays in its place
 * with every field that could be read, the entry as sent, and what is wrong.
 * Tell it apart with `if (item.unreadable)`.
 */
export interface UnreadableMediaItem {
  /** What is wrong with the entry (the first problem found); `path` points at it, e.g. `$.body.media[1].code`. */
  unreadable: InboundParseError;
  /** The entry exactly as received (usually an object). */
  raw: unknown;
  url?: string;
  content_type?: string;
  status?: MediaStatus;
  code?: number;
}

/** The body of an inbound MMS; every field is optional. */
export interface MoMediaBody {
  subject?: string;
  message?: string;
  /** The attachments in order; an entry that could not be read in full is an {@link UnreadableMediaItem}. */
  media?: (MediaItem | UnreadableMediaItem)[];
}

/** An inbound MMS (US only). */
export interface MoMedia extends InboundBase {
  type: 'mo_media';
  body: MoMediaBody;
}

/** Any inbound message; narrow it by `type`. */
export type InboundMessage = MoText | MoBinary | MoMedia;

/** The `type` values of inbound messages. */
export type InboundType = InboundMessage['type'];

/** The `type` values of inbound messages, as a runtime list. */
export const INBOUND_TYPES: readonly InboundType[] = Object.freeze(['mo_text', 'mo_binary', 'mo_media'] as const);

/**
 * Whether an MMS attachment was uploaded and can be downloaded. Sinch documents that
 * any code other than 0 is a failed upload, so the code decides, not the status text.
 * An {@link UnreadableMediaItem} counts as uploaded only when its code 0 and its `url`
 * could be read.
 */
export function isMediaUploaded(item: MediaItem | UnreadableMediaItem): boolean {
  if (item.unreadable !== undefined && item.url === undefined) return false;
  return item.code === 0 && item.status !== 'Failed';
}
