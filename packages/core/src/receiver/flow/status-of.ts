import type { WebhookDiagnostic, WebhookFailureReason } from '../../diagnostics/webhook-diagnostic.js';
import type { DispatchOutcome } from '../dispatch/dispatch-outcome.js';
import { webhookResponse, type WebhookResponse } from '../http/response.js';

// How the dispatcher's deferrals read on the webhook channel.
const DEFERRED_REASON: Readonly<Record<Extract<DispatchOutcome, { kind: 'deferred' }>['reason'], WebhookFailureReason>> = {
  store_failed: 'dedupe_store_failed',
  first_failed: 'first_copy_failed',
  wait_timeout: 'duplicate_wait_timeout',
  // Only reconcile passes the dispatcher a signal; a webhook dispatch is never aborted.
  aborted: 'internal_error',
};

/** Maps the dispatcher's outcome onto the status contract. */
export function statusOf(outcome: DispatchOutcome, diagnostic: WebhookDiagnostic | undefined): WebhookResponse {
  switch (outcome.kind) {
    case 'handled':
      return webhookResponse('accepted');
    case 'duplicate':
      if (diagnostic !== undefined) diagnostic.duplicate = true;
      return webhookResponse('duplicate');
    case 'unhandled':
      if (!outcome.retry) return webhookResponse('accepted');
      if (diagnostic !== undefined) diagnostic.reason = 'no_handler';
      return webhookResponse('internal_error');
    case 'failed':
      if (diagnostic !== undefined) diagnostic.reason = 'handler_failed';
      return webhookResponse('internal_error');
    case 'timed_out':
      if (diagnostic !== undefined) diagnostic.reason = 'handler_timeout';
      return webhookResponse('internal_error');
    case 'deferred':
      if (diagnostic !== undefined) diagnostic.reason = DEFERRED_REASON[outcome.reason];
      return webhookResponse('internal_error');
  }
}
