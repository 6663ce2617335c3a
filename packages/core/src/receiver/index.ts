export { createWebhookReceiver, createNodeHandler, type WebhookReceiver, type WebhookRequest } from './receiver.js';
export type { WebhookReceiverOptions } from './options.js';
export type {
  WebhookCallbackEvent,
  WebhookContext,
  WebhookErrorHandler,
  WebhookEventMap,
  WebhookEventName,
  WebhookHandler,
  WebhookListener,
} from './events.js';
export {
  WebhookConfigurationError,
  WebhookDedupeError,
  WebhookHandlerError,
  WebhookHandlerTimeoutError,
  WebhookPayloadError,
  WebhookReplayGuardError,
  WEBHOOK_RECEIVER_ERROR_KINDS,
  type WebhookReceiverError,
} from './errors.js';
export { webhookResponse, type WebhookOutcome, type WebhookResponse } from './response.js';
export type { BasicAuthCredentials } from './basic-auth.js';
export type { DedupeClaim, DedupeStore, NonceClaim } from './dedupe-store.js';
export { MemoryDedupeStore, type MemoryDedupeStoreOptions } from './memory-dedupe-store.js';
export { dedupeKeyOf } from './dedupe-key.js';
export { StoreTimeoutError } from './store-timeout.js';
export { isJsonContentType } from './content-type.js';
export type { BodyReadResult } from './body-read-result.js';
export { readNodeBody } from './node-body.js';
export { readWebBody } from './web-body.js';
export { capturedRawBody, type NodeWebhookRequest } from './node-adapter.js';
export { writeNodeResponse } from './node-response.js';
export {
  RAW_BODY_MISSING_MESSAGE,
  RAW_BODY_PARSED_BEFORE_ROUTE_MESSAGE,
  RAW_BODY_PARSED_ON_ROUTE_MESSAGE,
  rawBodyMissingMessage,
} from './raw-body-missing.js';
export type { ReconcileOptions, ReconcileSource } from './reconcile-options.js';
export type { ReconcileProgress, ReconcileReport } from './reconcile-report.js';
export { ReconcileError } from './reconcile-error.js';
export { DEFAULT_RECONCILE_WINDOW_MS, scheduleReconcile, type ReconcileScheduleOptions, type StopReconcileSchedule } from './reconcile-schedule.js';
export type { CallbackQueue, EnqueueResult, QueuedCallback } from './queue/callback-queue.js';
export type { ProcessOptions, ProcessOutcome } from './queue/process-outcome.js';
export { QueuedCallbackError, WebhookQueueError } from './queue/queue-errors.js';
