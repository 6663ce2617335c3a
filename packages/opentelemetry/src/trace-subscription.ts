import type { AsyncLocalStorage } from 'node:async_hooks';
import { tracingChannel } from 'node:diagnostics_channel';
import { diag, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { parentContext } from './context-storage.js';

/** How one of core's tracing channels becomes spans and metrics. */
export interface TraceMapping<M extends object> {
  /** Starts the span of a trace, under `parent`. */
  start(message: M, parent: Context): Span;
  /** Completes it once core has filled the message in: attributes, status, metrics; then ends it. */
  finish(message: M, span: Span, seconds: number): void;
}

/**
 * Subscribes `mapping` to the tracing channel `name`. The span starts at `start` and
 * is current (in `storage`) for everything core runs inside the trace; an `error`
 * is recorded on it; `asyncEnd` finishes it. Whatever a mapping throws is reported to
 * OpenTelemetry's diag logger: a subscriber that throws would crash the process.
 * Returns the unsubscribe function.
 */
export function subscribeTrace<M extends { error?: unknown }>(
  name: string,
  storage: AsyncLocalStorage<Context>,
  mapping: TraceMapping<M>,
): () => void {
  const channel = tracingChannel<unknown, M>(name);
  const open = new WeakMap<M, { span: Span; at: number }>();

  const begin = (message: M, parent: Context): Span => {
    let record = open.get(message);
    if (record === undefined) {
      record = { span: mapping.start(message, parent), at: performance.now() };
      open.set(message, record);
    }
    return record.span;
  };
  // Runs before the `start` subscribers, in the caller's context.
  const enter = (message: M): Context => {
    const parent = parentContext(storage);
    return safely(name, () => trace.setSpan(parent, begin(message, parent))) ?? parent;
  };
  const subscribers = {
    start: (message: M) => safely(name, () => begin(message, parentContext(storage))),
    end: () => {},
    asyncStart: () => {},
    error: (message: M) =>
      safely(name, () => {
        const span = open.get(message)?.span;
        if (span === undefined) return;
        const error = message.error;
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      }),
    asyncEnd: (message: M) =>
      safely(name, () => {
        const record = open.get(message);
        if (record === undefined) return;
        open.delete(message);
        mapping.finish(message, record.span, (performance.now() - record.at) / 1000);
      }),
  };
  channel.subscribe(subscribers);
  channel.start.bindStore(storage, enter);
  return () => {
    channel.unsubscribe(subscribers);
    channel.start.unbindStore(storage);
  };
}

function safely<T>(channel: string, run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    diag.error(`@sinch-inbounds/opentelemetry: failed on ${channel}`, error);
    return undefined;
  }
}
