import { context, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, expect, it } from 'vitest';
import { createWebhookReceiver, silentLogger } from '@sinch-inbounds/core';
import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';
import { SinchInboundsInstrumentation } from '../src/index.js';

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  trace.disable();
});

it('nests the handler span under the webhook span even with no OpenTelemetry context manager registered', async () => {
  // No context manager: OpenTelemetry's own storage cannot be found, so ours is used.
  context.disable();
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const instrumentation = new SinchInboundsInstrumentation();
  const unregister = registerInstrumentations({ instrumentations: [instrumentation], tracerProvider });
  stop = () => {
    unregister();
    instrumentation.disable();
  };

  const receiver = createWebhookReceiver({ secret: 'fallback-secret', logger: silentLogger });
  receiver.on('mo_text', async () => {
    // Across an async hop, as real handlers are.
    await new Promise((resolve) => setImmediate(resolve));
  });
  const body = JSON.stringify(fixtures.moTextWebhook);
  const response = await receiver.handle({ method: 'POST', headers: signedCallbackHeaders(body, { secret: 'fallback-secret' }), body });
  expect(response.status).toBe(200);

  const spans = exporter.getFinishedSpans();
  const webhook = spans.find((s) => s.name === 'sinch.webhook mo_text')!;
  const handler = spans.find((s) => s.name === 'sinch.handler mo_text')!;
  expect(handler.parentSpanContext?.spanId).toBe(webhook.spanContext().spanId);
  expect(handler.spanContext().traceId).toBe(webhook.spanContext().traceId);
});
