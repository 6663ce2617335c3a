import { webhookChannel, traced } from './channels.js';
import type { WebhookDiagnostic, WebhookRefusalReason } from './webhook-diagnostic.js';

// 401 has several reasons and is always set where it is decided; these are not.
const REFUSAL_BY_STATUS: Readonly<Record<number, WebhookRefusalReason>> = {
  400: 'bad_request',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Answers one webhook request inside a `sinch-inbounds:webhook` trace: `run` gets the
 * message to fill in (reason, callback type and id, duplicate, handler time) and
 * returns the response, or `undefined` when nobody is left to answer; the outcome and
 * status are settled from it before `asyncEnd`.
 */
export function traceWebhook<R extends { status: number } | undefined>(
  method: string | undefined,
  run: (diagnostic: WebhookDiagnostic) => Promise<R>,
): Promise<R> {
  const diagnostic: WebhookDiagnostic = { method: method ?? '' };
  return traced(webhookChannel, diagnostic, async () => {
    const response = await run(diagnostic);
    settle(diagnostic, response?.status);
    return response;
  });
}

function settle(d: WebhookDiagnostic, status: number | undefined): void {
  d.status = status;
  if (status === undefined || d.reason === 'client_aborted') {
    d.outcome = 'failed';
    d.reason = 'client_aborted';
  } else if (status < 300) {
    d.outcome = d.duplicate === true ? 'duplicate' : 'accepted';
  } else if (status < 500 && status !== 429) {
    d.outcome = 'refused';
    d.reason ??= REFUSAL_BY_STATUS[status] ?? 'bad_request';
  } else {
    d.outcome = 'failed';
    d.reason ??= 'internal_error';
  }
}
