import { readTextBatch } from '../../parse/text-batch.js';
import type { TextBatch } from '../../types/batch.js';
import type { RestEndpoint } from '../rest-endpoint.js';
import { retryUnsent } from '../send-retry-policy.js';
import { textBatchBody, type SendTextParams } from './send-text-params.js';
import { SentButUnreadableError } from './sent-but-unreadable-error.js';

/**
 * Sends one text batch (`POST …/batches`) and reads Sinch's answer. Retried only by
 * {@link retryUnsent}: what provably did not reach Sinch, never what may have.
 */
export async function sendTextBatch(rest: RestEndpoint, params: SendTextParams): Promise<TextBatch> {
  const body = textBatchBody(params);
  const answer = await rest.send({
    method: 'POST',
    path: '/batches',
    template: '/batches',
    body,
    signal: params.signal,
    mayRetry: retryUnsent,
  });
  try {
    return readTextBatch(answer.text);
  } catch (cause) {
    throw new SentButUnreadableError('POST /batches', answer.status, answer.text, { cause });
  }
}
