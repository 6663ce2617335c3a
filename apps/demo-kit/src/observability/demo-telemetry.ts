import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { SinchInboundsInstrumentation } from '@sinch-inbounds/opentelemetry';
import { WebhookOutcomes } from './webhook-outcomes.js';

/** The demo's observability: the outcome panel's counts and `/metrics` for Prometheus. */
export interface DemoTelemetry {
  /** Live webhook outcome counts for the page. */
  outcomes: WebhookOutcomes;
  /** Answers a scrape of `GET /metrics` in Prometheus' text format. */
  serveMetrics(req: IncomingMessage, res: ServerResponse): void;
  /** Unsubscribes and stops the meter provider. */
  close(): Promise<void>;
}

/**
 * Turns on `@sinch-inbounds/opentelemetry` with OpenTelemetry's Prometheus exporter
 * (served by the app at `/metrics`, not on a port of its own), as an app would, and
 * counts outcomes for the page from the same diagnostics channel.
 */
export function startDemoTelemetry(): DemoTelemetry {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  const instrumentation = new SinchInboundsInstrumentation();
  instrumentation.setMeterProvider(meterProvider);
  const outcomes = new WebhookOutcomes();
  return {
    outcomes,
    serveMetrics: (req, res) => exporter.getMetricsRequestHandler(req, res),
    async close() {
      outcomes.close();
      instrumentation.disable();
      await meterProvider.shutdown();
    },
  };
}
