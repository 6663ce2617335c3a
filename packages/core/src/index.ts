export type {
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
} from './types/inbound.js';
export { INBOUND_TYPES, isMediaUploaded } from './types/inbound.js';
export { MEDIA_STATUS_CODES, mediaStatusCode, type MediaStatusCode } from './types/media-status-codes.js';
export type {
  AnyDeliveryReport,
  DeliveryReport,
  DeliveryReportStatus,
  RecipientDeliveryReport,
} from './types/delivery-report.js';
export { DELIVERY_REPORT_TYPES } from './types/delivery-report.js';
export { DELIVERY_STATUSES, isFinalDeliveryStatus, type DeliveryStatus, type KnownDeliveryStatus } from './types/delivery-status.js';
export { DELIVERY_REPORT_KINDS, type DeliveryReportKind, type TextBatch } from './types/batch.js';
export type { KnownCallback, KnownCallbackType, SinchCallback, UnknownCallback } from './types/callback.js';
export { isDeliveryReport, isInboundMessage, isKnownCallback, isUnknownCallback } from './types/callback-guards.js';
export type { InboundsPage } from './types/inbounds-page.js';
export type { InboundsPageItem, UnknownInbound, UnreadableInbound } from './types/inbounds-page-item.js';
export { isReadableInbound } from './types/inbounds-page-item.js';
export type { JsonObject } from './types/json-object.js';

export { InboundParseError } from './types/inbound-parse-error.js';
export type { JsonInput } from './parse/json-input.js';
export { parseSinchDate } from './parse/sinch-date.js';
export { parseInbound } from './parse/inbound.js';
export { rawPayload } from './parse/raw-payload.js';
export {
  decodeBinaryBody,
  decodeUdh,
  type UdhConcatenation,
  type UdhElement,
  type UserDataHeader,
} from './parse/binary-payload.js';
export { parseCallback } from './parse/callback.js';
export { safeParseCallback, safeParseInbound, type SafeParseResult } from './parse/safe-parse.js';

export { SIGNATURE_ALGORITHM, SIGNATURE_HEADERS, readHeader, type WebhookHeaders } from './signature/headers.js';
export { computeSignature, signWebhook, type SignWebhookOptions } from './signature/sign.js';
export {
  verifyWebhook,
  type VerifyFailureReason,
  type VerifyWebhookOptions,
  type VerifyWebhookResult,
} from './signature/verify.js';
export { NonceCache, type NonceCacheOptions, type ReplayGuard } from './signature/nonce-cache.js';
export { ulid } from './ids/ulid.js';
export { defaultLogger, silentLogger, type Logger } from './logging/logger.js';

export * from './receiver/index.js';
export * from './client/index.js';

export * from './diagnostics/index.js';
