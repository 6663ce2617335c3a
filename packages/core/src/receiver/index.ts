export { createWebhookReceiver, createNodeHandler, type WebhookReceiver, type WebhookRequest } from './receiver.js';
export type { WebhookReceiverOptions } from './options/options.js';
export type {
  WebhookCallbackEvent,
  WebhookContext,
  WebhookErrorHandler,
  WebhookEventMap,
  WebhookEventName,
  WebhookHandler,
  WebhookListener,
} from './dispatch/events.js';
export {
  WebhookConfigurationError,
  WebhookDedupeError,
  WebhookHandlerError,
  WebhookHandlerTimeoutError,
  WebhookPayloadError,
  WebhookReplayGuardError,
  WEBHOOK_RECEIVER_ERROR_KINDS,
  type WebhookReceiverError,
} from './errors/errors.js';
export { webhookResponse, type WebhookOutcome, type WebhookResponse } from './http/response.js';
export type { BasicAuthCredentials } from './auth/basic-auth.js';
export type { DedupeClaim, DedupeStore, NonceClaim } from './dedupe/dedupe-store.js';
export { MemoryDedupeStore, type MemoryDedupeStoreOptions } from './dedupe/memory-dedupe-store.js';
export { dedupeKeyOf } from './dedupe/dedupe-key.js';
export { StoreTimeoutError } from './stores/store-timeout.js';
export { isJsonContentType } from './http/content-type.js';
export type { BodyReadResult } from './http/body-read-result.js';
export { readNodeBody } from './http/node-body.js';
export { readWebBody } from './http/web-body.js';
export { capturedRawBody, type NodeWebhookRequest } from './flow/node-adapter.js';
export { writeNodeResponse } from './http/node-response.js';
export {
  RAW_BODY_MISSING_MESSAGE,
  RAW_BODY_PARSED_BEFORE_ROUTE_MESSAGE,
  RAW_BODY_PARSED_ON_ROUTE_MESSAGE,
  rawBodyMissingMessage,
} from './http/raw-body-missing.js';
export type { ReconcileOptions, ReconcileSource } from './reconcile/reconcile-options.js';
export type { ReconcileProgress, ReconcileReport } from './reconcile/reconcile-report.js';
export { ReconcileError } from './reconcile/reconcile-error.js';
export { DEFAULT_RECONCILE_WINDOW_MS, scheduleReconcile, type ReconcileScheduleOptions, type StopReconcileSchedule } from './reconcile/reconcile-schedule.js';
export type { CallbackQueue, EnqueueResult, QueuedCallback } from './queue/callback-queue.js';
export type { ProcessOptions, ProcessOutcome } from './queue/process-outcome.js';
export { QueuedCallbackError, WebhookQueueError } from './errors/queue-errors.js';
