/**
 * Inbound messages exactly as they travel on the wire (SPEC §1): snake_case keys and
 * dates as strings. The simulator stores and serves these; core's parsers turn them
 * into `InboundMessage` with `Date` fields.
 */

/** One MMS attachment as Sinch sends it. */
export interface WireMediaItem {
  /** Where to download the attachment; absent when the upload failed. */
  url?: string;
  /** MIME type, e.g. `image/jpeg`. */
  content_type: string;
  /** `"Uploaded"` or `"Failed"` (Sinch has also been seen to send `"UPLOADED"`). */
  status: string;
  /** 0 = uploaded; any other code is a failed upload. */
  code: number;
}

/** The body of an MMS on the wire; every field optional. */
export interface WireMoMediaBody {
  subject?: string;
  message?: string;
  media?: WireMediaItem[];
}

/** Fields every inbound carries on the wire. */
export interface WireInboundBase {
  /** ULID-like id, the `inbound_id` of the REST API. */
  id: string;
  /** Sender MSISDN. */
  from: string;
  /** The Sinch number or short code the message was sent to. */
  to: string;
  /** ISO-8601 date string. */
  received_at: string;
  /** ISO-8601 date string, only when the operator reported it. */
  sent_at?: string;
  /** MCC+MNC of the sender's operator. */
  operator_id?: string;
  /** Client reference of the MT this message answers, if any. */
  client_reference?: string;
}

/** An inbound text SMS on the wire. */
export interface WireMoText extends WireInboundBase {
  type: 'mo_text';
  body: string;
}

/** An inbound binary SMS on the wire. */
export interface WireMoBinary extends WireInboundBase {
  type: 'mo_binary';
  /** Base64 payload. */
  body: string;
  /** User data header, hex. */
  udh: string;
}

/** An inbound MMS on the wire. */
export interface WireMoMedia extends WireInboundBase {
  type: 'mo_media';
  body: WireMoMediaBody;
}

/** Any inbound message as wire JSON; narrow by `type`. */
export type WireInbound = WireMoText | WireMoBinary | WireMoMedia;
