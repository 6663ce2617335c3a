import { metrics, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, expect, test } from 'vitest';
import { createWebhookReceiver, silentLogger } from '@sinch-inbounds/core';
import { fixtures, signedCallback } from '@sinch-inbounds/testing';
import { SinchInboundsInstrumentation } from '../src/index.js';

// Apps set up OpenTelemetry in either order: the instrumentation may be created (and so
// enabled) before the SDK registers its global meter provider, or after. Both must record.

const secret = 'otel-order-secret';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  metrics.disable();
  trace.disable();
});

function sdk() {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  cleanups.push(() => meterProvider.shutdown(), () => tracerProvider.shutdown());
  return {
    meterProvider,
    tracerProvider,
    async callbacks(): Promise<number> {
      await reader.forceFlush();
      const metric = exporter
        .getMetrics()
        .at(-1)
        ?.scopeMetrics.flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === 'sinch.webhook.callbacks');
      return (metric?.dataPoints ?? []).reduce((sum, p) => sum + (p.value as number), 0);
    },
    spanNames: () => spans.getFinishedSpans().map((s) => s.name),
  };
}

async function receiveOneSms(): Promise<void> {
  const receiver = createWebhookReceiver({ secret, logger: silentLogger });
  receiver.on('mo_text', () => {});
  expect((await receiver.handle(signedCallback(fixtures.moText, { secret }))).status).toBe(200);
}

function instrumentation(): SinchInboundsInstrumentation {
  const created = new SinchInboundsInstrumentation();
  cleanups.push(() => created.disable());
  return created;
}

test('created before the global meter provider is set, it records through it', async () => {
  instrumentation();
  const { meterProvider, tracerProvider, callbacks, spanNames } = sdk();
  metrics.setGlobalMeterProvider(meterProvider);
  trace.setGlobalTracerProvider(tracerProvider);
  await receiveOneSms();
  expect(await callbacks()).toBe(1);
  expect(spanNames()).toContain('sinch.webhook mo_text');
});

test('created after the global meter provider is set, it records through it', async () => {
  const { meterProvider, tracerProvider, callbacks, spanNames } = sdk();
  metrics.setGlobalMeterProvider(meterProvider);
  trace.setGlobalTracerProvider(tracerProvider);
  instrumentation();
  await receiveOneSms();
  expect(await callbacks()).toBe(1);
  expect(spanNames()).toContain('sinch.webhook mo_text');
});

test('a meter provider given to it explicitly stays its own, whatever is set globally later', async () => {
  const own = sdk();
  const global = sdk();
  const unregister = registerInstrumentations({ instrumentations: [instrumentation()], meterProvider: own.meterProvider });
  cleanups.push(unregister);
  metrics.setGlobalMeterProvider(global.meterProvider);
  await receiveOneSms();
  expect(await own.callbacks()).toBe(1);
  expect(await global.callbacks()).toBe(0);
});
