/**
 * Fields every inbound (mobile-originated) message carries, whatever its `type`.
 * Keys are snake_case as on the wire; date fields are decoded to `Date`.
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

/** An inbound binary SMS. */
export interface MoBinary extends InboundBase {
  type: 'mo_binary';
  /** The payload, Base64-encoded (validated). */
  body: string;
  /** User data header, hex-encoded (validated). */
  udh: string;
}

/**
 * Upload status of one MMS attachment. Sinch's documented values are normalised to
 * `'Uploaded'` and `'Failed'` whatever their letter case; anything else is kept as sent.
 */
export type MediaStatus = 'Uploaded' | 'Failed' | (string & {});

/** One attachment of an inbound MMS, uploaded by Sinch to your storage bucket. */
export interface MediaItem {
  /** Where to download the attachment; absent when the upload failed. */
  url?: string;
  /** MIME type, e.g. `image/jpeg` (also accepted as `contentType` on the wire). */
  content_type: string;
  /** Upload status; see {@link isMediaUploaded} for the reliable check. */
  status: MediaStatus;
  /** 0 = uploaded; any other code is a failed upload (1 internal failure, 2 bucket not found, 3 bucket key error). */
  code: number;
}

/** The body of an inbound MMS; every field is optional. */
export interface MoMediaBody {
  subject?: string;
  message?: string;
  media?: MediaItem[];
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
 */
export function isMediaUploaded(item: MediaItem): boolean {
  return item.code === 0 && item.status !== 'Failed';
}
