import type { VerifyFailureReason } from '../signature/verify.js';

/**
 * How a webhook request ended, as Sinch sees it: `accepted` and `duplicate` are done
 * (200); `refused` is a 4xx, which Sinch drops for good; `failed` is a 5xx, a 429 or no
 * answer at all, which Sinch delivers again later.
 */
export type WebhookDiagnosticOutcome = 'accepted' | 'duplicate' | 'refused' | 'failed';

/**
 * Why a request was refused (4xx): the request itself (`method_not_allowed`,
 * `unsupported_media_type`, `payload_too_large`, `bad_request`), basic auth
 * (`basic_auth`), or the signature check (the reasons of `verifyWebhook`).
 */
export type WebhookRefusalReason =
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'bad_request'
  | 'basic_auth'
  | VerifyFailureReason;

/**
 * Why a request failed (Sinch redelivers): a handler threw (`handler_failed`) or did
 * not finish within `handlerTimeoutMs` (`handler_timeout`); no handler is registered for
 * the type and `unhandledCallbacks` is `'retry'` (`no_handler`); an
 * authenticated payload is not a valid callback (`invalid_payload`); the dedupe store
 * failed (`dedupe_store_failed`); this copy rode on a first copy that failed
 * (`first_copy_failed`) or waited too long for it (`duplicate_wait_timeout`); the replay
 * guard failed (`replay_guard_failed`); the receiver's queue was full (`queue_full`, a
 * 429) or failed to take the callback (`queue_failed`); the app is wired wrongly (`misconfigured`); the
 * client went away before the whole body arrived (`client_aborted`); or a bug in this
 * library (`internal_error`).
 */
export type WebhookFailureReason =
  | 'handler_failed'
  | 'handler_timeout'
  | 'no_handler'
  | 'invalid_payload'
  | 'dedupe_store_failed'
  | 'first_copy_failed'
  | 'duplicate_wait_timeout'
  | 'replay_guard_failed'
  | 'queue_full'
  | 'queue_failed'
  | 'misconfigured'
  | 'client_aborted'
  | 'internal_error';

/** A refusal or a failure reason. */
export type WebhookDiagnosticReason = WebhookRefusalReason | WebhookFailureReason;

/**
 * The message of the `sinch-inbounds:webhook` tracing channel: one object per request,
 * the same in `start`, `end`, `asyncStart` and `asyncEnd`. Only `method` is known at
 * `start`; the receiver fills in the rest as the request goes through it, so read them
 * in `asyncEnd`. It never carries a secret, a header value, a nonce or any part of the
 * body beyond the callback's `type` and id.
 */
export interface WebhookDiagnostic {
  /** The HTTP method as received (`''` when the framework gave none). */
  readonly method: string;
  /** How the request ended; set before `asyncEnd`. */
  outcome?: WebhookDiagnosticOutcome;
  /** The status answered; `undefined` when the client went away before an answer. */
  status?: number;
  /** Why, when `outcome` is `refused` or `failed`. */
  reason?: WebhookDiagnosticReason;
  /** The callback's `type` (`mo_text`, `delivery_report_sms`, or a type this library does not know), once parsed. */
  callbackType?: string;
  /** The message id (MO), batch id (delivery reports) or `id` of an unknown type, once parsed. */
  callbackId?: string;
  /**
   * The `status` of a per-recipient delivery report (`Queued`, `Dispatched`,
   * `Delivered`, `Failed`, …), as sent, once parsed: count reports by status with it.
   * `callbackId` is then the batch id, which `client.reply()`/`sendText()` returned.
   */
  deliveryStatus?: string;
  /** `true` when the callback was a duplicate of one already handled (handlers not run). */
  duplicate?: boolean;
  /** How long the handlers took, in milliseconds, when they ran. */
  handlerDurationMs?: number;
}
