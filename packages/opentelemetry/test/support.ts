import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createNodeHandler, type WebhookReceiver } from '@sinch-inbounds/core';
import { SinchInboundsInstrumentation } from '../src/index.js';

/** An OpenTelemetry SDK set up the usual Node way, recording into memory, with the instrumentation registered. */
export function setUpTelemetry() {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const instrumentation = new SinchInboundsInstrumentation();
  const unregister = registerInstrumentations({ instrumentations: [instrumentation], tracerProvider, meterProvider });

  return {
    instrumentation,
    tracer: tracerProvider.getTracer('test'),
    spans: (): ReadableSpan[] => spanExporter.getFinishedSpans(),
    /** Every data point of metric `name` as it stands now: attributes and value (a sum, or a histogram's count and sum). */
    async points(name: string): Promise<{ attributes: Record<string, unknown>; value: number; count?: number; sum?: number }[]> {
      await reader.forceFlush();
      const latest = metricExporter.getMetrics().at(-1);
      const metric = latest?.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
      if (metric === undefined) return [];
      return (metric.dataPoints as DataPoint<number | Histogram>[]).map((p) =>
        typeof p.value === 'number'
          ? { attributes: { ...p.attributes }, value: p.value }
          : { attributes: { ...p.attributes }, value: p.value.count, count: p.value.count, sum: p.value.sum ?? 0 },
      );
    },
    async close(): Promise<void> {
      unregister();
      instrumentation.disable();
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
      context.disable();
      trace.disable();
      metrics.disable();
    },
  };
}

/** Serves `receiver` on a real socket on 127.0.0.1; returns its URL and a close function. */
export async function serve(receiver: WebhookReceiver): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = http.createServer(createNodeHandler(receiver));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sinch/callbacks`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
