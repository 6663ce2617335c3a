/**
 * @sinch-inbounds/opentelemetry — OpenTelemetry metrics and spans for Sinch inbound SMS
 * webhooks and the inbounds client, from `@sinch-inbounds/core`'s diagnostics channels.
 */
export { SinchInboundsInstrumentation, type SinchInboundsInstrumentationConfig } from './instrumentation.js';
