import { ValueType, type Counter, type Meter } from '@opentelemetry/api';
import { DELIVERY_STATUSES, type WebhookDiagnostic } from '@sinch-inbounds/core';
import { ATTR, metricCallbackType } from './attributes.js';

const KNOWN_STATUSES: ReadonlySet<string> = new Set<string>(DELIVERY_STATUSES);

/** `sinch.delivery_reports`: per-recipient delivery reports received, by status. */
export function createDeliveryReportsCounter(meter: Meter): Counter {
  return meter.createCounter('sinch.delivery_reports', {
    description: 'Per-recipient delivery reports accepted by the webhook, by status (Queued, Dispatched, Delivered, Failed, …).',
    unit: '{report}',
    valueType: ValueType.INT,
  });
}

/**
 * Counts a webhook request that brought a per-recipient delivery report, once: only when
 * it was accepted (a duplicate or a refused copy is not news, and a failed one will come
 * again). A status Sinch does not document is counted as `_OTHER`, so the number of
 * time series stays bounded.
 */
export function countDeliveryReport(counter: Counter, message: WebhookDiagnostic): void {
  const status = message.deliveryStatus;
  if (status === undefined || message.outcome !== 'accepted') return;
  counter.add(1, {
    [ATTR.deliveryStatus]: KNOWN_STATUSES.has(status) ? status : '_OTHER',
    [ATTR.callbackType]: metricCallbackType(message.callbackType ?? ''),
  });
}
