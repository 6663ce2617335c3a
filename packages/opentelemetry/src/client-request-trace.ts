import { SpanKind, SpanStatusCode, type Attributes, type Tracer } from '@opentelemetry/api';
import type { ClientRequestDiagnostic } from '@sinch-inbounds/core';
import { ATTR } from './attributes.js';
import type { Instruments } from './instruments.js';
import type { TraceMapping } from './trace-subscription.js';

/**
 * `sinch-inbounds:client:request` → one HTTP client span per attempt, with
 * OpenTelemetry's HTTP client attributes (`http.request.resend_count` on retries), and
 * the `sinch.client.requests` counter and `sinch.client.request.duration` histogram.
 * A status of 400 or more, or no answer, is an error (`error.type` is the status or
 * `network` / `timeout` / `aborted`).
 */
export function clientRequestMapping(tracer: () => Tracer, instruments: () => Instruments): TraceMapping<ClientRequestDiagnostic> {
  return {
    start(message, parent) {
      const attributes: Attributes = {
        [ATTR.httpMethod]: message.method,
        [ATTR.urlTemplate]: message.urlTemplate,
        [ATTR.urlFull]: message.url,
      };
      const server = serverOf(message.url);
      if (server !== undefined) {
        attributes[ATTR.serverAddress] = server.address;
        attributes[ATTR.serverPort] = server.port;
      }
      if (message.attempt > 1) {
        attributes[ATTR.httpResendCount] = message.attempt - 1;
        attributes[ATTR.clientRetryDelay] = message.retryDelayMs;
      }
      return tracer().startSpan(`${message.method} ${message.urlTemplate}`, { kind: SpanKind.CLIENT, attributes }, parent);
    },
    finish(message, span, seconds) {
      const metric: Attributes = { [ATTR.clientRetry]: message.attempt > 1 };
      if (message.status !== undefined) metric[ATTR.httpStatus] = message.status;
      if (message.errorKind !== undefined) metric[ATTR.errorType] = message.errorKind;
      instruments().clientRequests.add(1, metric);
      instruments().clientRequestDuration.record(seconds, metric);

      if (message.status !== undefined) span.setAttribute(ATTR.httpStatus, message.status);
      const failure = message.errorKind ?? (message.status !== undefined && message.status >= 400 ? String(message.status) : undefined);
      if (failure !== undefined) {
        span.setAttribute(ATTR.errorType, failure);
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
      }
      span.end();
    },
  };
}

function serverOf(url: string): { address: string; port: number } | undefined {
  try {
    const u = new URL(url);
    return { address: u.hostname, port: u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : Number(u.port) };
  } catch {
    return undefined;
  }
}
