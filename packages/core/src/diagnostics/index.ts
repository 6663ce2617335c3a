// Diagnostics: what core publishes on node:diagnostics_channel. A floor like types/:
// it imports only types/ (and signature/'s types), and receiver/ and client/ publish through it.
export { DIAGNOSTICS_CHANNELS, type DiagnosticsChannelName } from './channel-names.js';
export type {
  WebhookDiagnostic,
  WebhookDiagnosticOutcome,
  WebhookDiagnosticReason,
  WebhookFailureReason,
  WebhookRefusalReason,
} from './webhook-diagnostic.js';
export type { HandlerDiagnostic } from './handler-diagnostic.js';
export type { ClientRequestDiagnostic, ClientRequestErrorKind } from './client-request-diagnostic.js';
export type { ReconcileDiagnostic } from './reconcile-diagnostic.js';
export type { QueueJobDiagnostic, QueueJobOutcome, QueuedCallbackFailure } from './queue-job-diagnostic.js';
