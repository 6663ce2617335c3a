import { SpanKind, type Attributes, type Tracer } from '@opentelemetry/api';
import type { HandlerDiagnostic } from '@sinch-inbounds/core';
import { ATTR, metricCallbackType } from './attributes.js';
import type { Instruments } from './instruments.js';
import type { TraceMapping } from './trace-subscription.js';

/**
 * `sinch-inbounds:handler` → a `sinch.handler` span per callback handed to the
 * handlers (current while they run, so their own spans nest under it) and the
 * `sinch.webhook.handler.duration` histogram. The first error a handler threw is
 * recorded on the span; `error.type` is its class name.
 */
export function handlerMapping(tracer: () => Tracer, instruments: () => Instruments): TraceMapping<HandlerDiagnostic> {
  return {
    start(message, parent) {
      const attributes: Attributes = { [ATTR.callbackType]: message.callbackType, [ATTR.callbackSource]: message.source };
      if (message.callbackId !== undefined) attributes[ATTR.callbackId] = message.callbackId;
      return tracer().startSpan(`sinch.handler ${message.callbackType}`, { kind: SpanKind.INTERNAL, attributes }, parent);
    },
    finish(message, span, seconds) {
      const metric: Attributes = { [ATTR.callbackType]: metricCallbackType(message.callbackType) };
      const failure = (message.failedHandlers ?? 0) > 0 ? errorType(message.error) : undefined;
      if (failure !== undefined) metric[ATTR.errorType] = failure;
      const durationSeconds = message.durationMs === undefined ? seconds : message.durationMs / 1000;
      instruments().handlerDuration.record(durationSeconds, metric);
      if (message.failedHandlers !== undefined) span.setAttribute(ATTR.handlerFailures, message.failedHandlers);
      if (failure !== undefined) span.setAttribute(ATTR.errorType, failure);
      span.end();
    },
  };
}

// Low-cardinality: the class, never the message.
function errorType(error: unknown): string {
  return error instanceof Error ? error.name || error.constructor.name : '_OTHER';
}
