import { SpanKind, SpanStatusCode, type Attributes, type Tracer } from '@opentelemetry/api';
import type { WebhookDiagnostic } from '@sinch-inbounds/core';
import { ATTR, metricCallbackType } from './attributes.js';
import { countDeliveryReport } from './delivery-reports-metric.js';
import type { Instruments } from './instruments.js';
import type { TraceMapping } from './trace-subscription.js';

/**
 * `sinch-inbounds:webhook` → a `sinch.webhook` span per request and the
 * `sinch.webhook.callbacks` counter. A `failed` request (Sinch redelivers) is an error
 * span; a refused one is not: the reason says why.
 */
export function webhookMapping(tracer: () => Tracer, instruments: () => Instruments): TraceMapping<WebhookDiagnostic & { error?: unknown }> {
  return {
    start(message, parent) {
      return tracer().startSpan('sinch.webhook', { kind: SpanKind.INTERNAL, attributes: { [ATTR.httpMethod]: message.method } }, parent);
    },
    finish(message, span) {
      const metric: Attributes = { [ATTR.webhookOutcome]: message.outcome ?? 'failed' };
      if (message.reason !== undefined) metric[ATTR.webhookReason] = message.reason;
      if (message.callbackType !== undefined) metric[ATTR.callbackType] = metricCallbackType(message.callbackType);
      instruments().callbacks.add(1, metric);
      countDeliveryReport(instruments().deliveryReports, message);

      const attributes: Attributes = { ...metric };
      if (message.callbackType !== undefined) attributes[ATTR.callbackType] = message.callbackType;
      if (message.callbackId !== undefined) attributes[ATTR.callbackId] = message.callbackId;
      if (message.deliveryStatus !== undefined) attributes[ATTR.deliveryStatus] = message.deliveryStatus;
      if (message.duplicate !== undefined) attributes[ATTR.webhookDuplicate] = message.duplicate;
      if (message.status !== undefined) attributes[ATTR.httpStatus] = message.status;
      span.setAttributes(attributes);
      if (message.callbackType !== undefined) span.updateName(`sinch.webhook ${message.callbackType}`);
      if (message.outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: message.reason ?? 'failed' });
      span.end();
    },
  };
}
