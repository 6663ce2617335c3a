/**
 * @sinch-inbounds/testing — a local Sinch for tests and development: the inbounds REST
 * API (both auth modes), signed webhook delivery with Sinch's retry policy, fault
 * injection, fixtures and the `sinch-simulator` CLI.
 */
export { startSinchSimulator } from './simulator/start.js';
export { createRecordingLogger, type LogEntry, type RecordingLogger } from './logging/recording-logger.js';
export { signedCallbackHeaders, type SignedCallbackHeadersOptions } from './signing/signed-callback-headers.js';
export { signedCallback, type SignedCallback, type SignedCallbackOptions } from './signing/signed-callback.js';
export type {
  DateInput,
  DeliveryAttempt,
  DeliveryOutcome,
  DeliveryRecord,
  FaultOptions,
  FaultRule,
  RawItemOptions,
  RedeliverOptions,
  RequestRecord,
  SentCallback,
  SentInbound,
  SimulatedCallbackInput,
  SimulatedInboundCommon,
  SimulatedInboundInput,
  SimulatedMoBinaryInput,
  SimulatedMoMediaInput,
  SimulatedMoTextInput,
  SimulatorOptions,
  SimulatorRoute,
  SinchSimulator,
  WebhookTarget,
} from './simulator/types.js';
export type { SimulatedDeliveryFailure, WireDeliveryReportKind, WireTextBatch } from './simulator/batch-types.js';
export type {
  WireInbound,
  WireInboundBase,
  WireMediaItem,
  WireMoBinary,
  WireMoMedia,
  WireMoMediaBody,
  WireMoText,
} from './wire/wire-inbound.js';
export {
  fixtures,
  type DateFormatSample,
  type SignedSample,
  type SinchFixtures,
  type WireDeliveryReport,
  type WireRecipientDeliveryReport,
  type WireUnknownCallback,
} from './fixtures/fixtures.js';
export { runCli } from './cli/run-cli.js';
export type { CliIo } from './cli/cli-io.js';

/** Core's signer, re-exported so a test can sign a payload with one import. */
export { signWebhook, type SignWebhookOptions } from '@sinch-inbounds/core';
export { startRedisServer, type StartRedisServerOptions, type TestRedisServer } from './redis/start-redis-server.js';
export { adapterConformance, serveFetch, serveNode, type AdapterConformanceOptions, type ConformanceCase, type ConformanceServer, type ConformanceStartContext, type StartAdapter } from './conformance/index.js';
