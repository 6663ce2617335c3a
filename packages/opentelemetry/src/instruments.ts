import { ValueType, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import { createDeliveryReportsCounter } from './delivery-reports-metric.js';

/** The metrics this package records. */
export interface Instruments {
  /** `sinch.webhook.callbacks`: webhook requests answered, by outcome, reason and callback type. */
  callbacks: Counter;
  /** `sinch.webhook.handler.duration`: time the `on()` handlers of one callback took, in seconds. */
  handlerDuration: Histogram;
  /** `sinch.client.requests`: HTTP attempts of the inbounds client, by status and whether it was a retry. */
  clientRequests: Counter;
  /** `sinch.client.request.duration`: time of one HTTP attempt, in seconds. */
  clientRequestDuration: Histogram;
  /** `sinch.queue.jobs`: runs of queued callbacks, by outcome (completed, duplicate, retried, dead_lettered). */
  queueJobs: Counter;
  /** `sinch.queue.wait.duration`: time from a callback's acceptance to its first run, in seconds. */
  queueWait: Histogram;
  /** `sinch.delivery_reports`: per-recipient delivery reports accepted, by `sinch.delivery.status`. */
  deliveryReports: Counter;
}

// OpenTelemetry's advice for HTTP durations, in seconds.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
// A backlog drains over minutes, not milliseconds.
const WAIT_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

/** Creates the instruments on `meter` (again whenever the meter provider changes). */
export function createInstruments(meter: Meter): Instruments {
  return {
    callbacks: meter.createCounter('sinch.webhook.callbacks', {
      description: 'Webhook requests answered, by outcome (accepted, duplicate, refused, failed), reason and callback type.',
      unit: '{callback}',
      valueType: ValueType.INT,
    }),
    handlerDuration: meter.createHistogram('sinch.webhook.handler.duration', {
      description: 'Time the handlers of one callback took.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    clientRequests: meter.createCounter('sinch.client.requests', {
      description: 'HTTP requests the inbounds client sent, retries counted one by one.',
      unit: '{request}',
      valueType: ValueType.INT,
    }),
    clientRequestDuration: meter.createHistogram('sinch.client.request.duration', {
      description: 'Time of one HTTP request of the inbounds client.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    queueJobs: meter.createCounter('sinch.queue.jobs', {
      description: 'Runs of queued callbacks, by outcome (completed, duplicate, retried, dead_lettered) and callback type.',
      unit: '{job}',
      valueType: ValueType.INT,
    }),
    queueWait: meter.createHistogram('sinch.queue.wait.duration', {
      description: 'Time from a callback being accepted to its first run by a worker.',
      unit: 's',
      advice: { explicitBucketBoundaries: WAIT_BUCKETS },
    }),
    deliveryReports: createDeliveryReportsCounter(meter),
  };
}
