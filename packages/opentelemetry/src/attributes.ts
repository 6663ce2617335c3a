import { DELIVERY_REPORT_TYPES, INBOUND_TYPES } from '@sinch-inbounds/core';

/** Metric and span attribute names: this package's own (`sinch.*`) and OpenTelemetry's HTTP semantic conventions. */
export const ATTR = {
  webhookOutcome: 'sinch.webhook.outcome',
  webhookReason: 'sinch.webhook.reason',
  webhookDuplicate: 'sinch.webhook.duplicate',
  callbackType: 'sinch.callback.type',
  callbackId: 'sinch.callback.id',
  callbackSource: 'sinch.callback.source',
  deliveryStatus: 'sinch.delivery.status',
  handlerFailures: 'sinch.handler.failures',
  queueOutcome: 'sinch.queue.outcome',
  queueReason: 'sinch.queue.reason',
  queueAttempt: 'sinch.queue.attempt',
  queueWaitMs: 'sinch.queue.wait_ms',
  clientRetry: 'sinch.client.retry',
  clientRetryDelay: 'sinch.client.retry.delay_ms',
  errorType: 'error.type',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  httpResendCount: 'http.request.resend_count',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  urlFull: 'url.full',
  urlTemplate: 'url.template',
} as const;

const KNOWN_TYPES: ReadonlySet<string> = new Set<string>([...INBOUND_TYPES, ...DELIVERY_REPORT_TYPES]);

/**
 * A callback type fit for a metric attribute: a type this library knows, else
 * `_OTHER` (as the HTTP conventions do for methods), so that types a sender makes up
 * cannot grow the number of time series without bound. Spans keep the type as sent.
 */
export function metricCallbackType(type: string): string {
  return KNOWN_TYPES.has(type) ? type : '_OTHER';
}
