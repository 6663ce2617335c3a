import { SpanKind, SpanStatusCode, type Attributes, type Tracer } from '@opentelemetry/api';
import type { QueueJobDiagnostic } from '@sinch-inbounds/core';
import { ATTR, metricCallbackType } from './attributes.js';
import type { Instruments } from './instruments.js';
import type { TraceMapping } from './trace-subscription.js';

/**
 * `sinch-inbounds:queue:job` → a `sinch.queue.job` consumer span per run of a queued
 * callback (its handler span nests inside), the `sinch.queue.jobs` counter by outcome
 * (`completed`, `duplicate`, `retried`, `dead_lettered`) and the
 * `sinch.queue.wait.duration` histogram: time from acceptance to the run's start.
 */
export function queueJobMapping(tracer: () => Tracer, instruments: () => Instruments): TraceMapping<QueueJobDiagnostic> {
  return {
    start(message, parent) {
      const attributes: Attributes = { [ATTR.callbackSource]: message.source, [ATTR.queueWaitMs]: message.waitMs };
      if (message.attempt !== undefined) attributes[ATTR.queueAttempt] = message.attempt;
      return tracer().startSpan('sinch.queue.job', { kind: SpanKind.CONSUMER, attributes }, parent);
    },
    finish(message, span) {
      const metric: Attributes = { [ATTR.queueOutcome]: message.outcome ?? 'retried' };
      if (message.callbackType !== undefined) metric[ATTR.callbackType] = metricCallbackType(message.callbackType);
      if (message.reason !== undefined) metric[ATTR.queueReason] = message.reason;
      instruments().queueJobs.add(1, metric);
      // Once per job: a retry waited on the queue's backoff, not on the queue.
      if (message.attempt === undefined || message.attempt === 1) instruments().queueWait.record(message.waitMs / 1000, { [ATTR.callbackSource]: message.source });
      const attributes: Attributes = { ...metric };
      if (message.callbackType !== undefined) attributes[ATTR.callbackType] = message.callbackType;
      if (message.callbackId !== undefined) attributes[ATTR.callbackId] = message.callbackId;
      span.setAttributes(attributes);
      if (message.outcome === 'retried' || message.outcome === 'dead_lettered') span.setStatus({ code: SpanStatusCode.ERROR, message: message.reason });
      span.end();
    },
  };
}
