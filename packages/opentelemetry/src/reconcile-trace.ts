import { SpanKind, type Attributes, type Tracer } from '@opentelemetry/api';
import type { ReconcileDiagnostic } from '@sinch-inbounds/core';
import type { TraceMapping } from './trace-subscription.js';

const COUNTS = ['seen', 'handled', 'duplicates', 'queued', 'unhandled', 'failed', 'deferred', 'unreadable'] as const;

/**
 * `sinch-inbounds:reconcile` → a `sinch.reconcile` span per run, with the run's counts
 * (`sinch.reconcile.seen`, `.handled`, `.duplicates`, …). The client requests and
 * handler runs of the run are its children; a run that throws is an error span.
 */
export function reconcileMapping(tracer: () => Tracer): TraceMapping<ReconcileDiagnostic> {
  return {
    start(_message, parent) {
      return tracer().startSpan('sinch.reconcile', { kind: SpanKind.INTERNAL }, parent);
    },
    finish(message, span) {
      const attributes: Attributes = {};
      for (const count of COUNTS) {
        const value = message[count];
        if (value !== undefined) attributes[`sinch.reconcile.${count}`] = value;
      }
      if (message.since !== undefined) attributes['sinch.reconcile.since'] = message.since.toISOString();
      if (message.until !== undefined) attributes['sinch.reconcile.until'] = message.until.toISOString();
      span.setAttributes(attributes);
      span.end();
    },
  };
}
