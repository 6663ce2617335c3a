import { callbackIdOf } from '../../diagnostics/callback-id.js';
import { queueJobChannel, traced } from '../../diagnostics/channels.js';
import type { QueueJobDiagnostic, QueuedCallbackFailure } from '../../diagnostics/queue-job-diagnostic.js';
import type { Logger } from '../../logging/logger.js';
import { readCallback } from '../../parse/callback.js';
import { InboundParseError } from '../../parse/inbound-parse-error.js';
import { toJsonObject } from '../../parse/json-input.js';
import { platformBytes } from '../../platform/bytes.js';
import type { SinchCallback } from '../../types/callback.js';
import type { CallbackDispatcher } from '../dispatch/callback-dispatcher.js';
import type { DispatchOutcome } from '../dispatch/dispatch-outcome.js';
import { WebhookPayloadError } from '../errors/errors.js';
import type { QueuedCallback } from './callback-queue.js';
import type { ProcessOptions, ProcessOutcome } from './process-outcome.js';
import { QueuedCallbackError } from '../errors/queue-errors.js';

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

// How the dispatcher's deferrals read as a reason to run the job again.
const DEFERRED: Readonly<Record<Extract<DispatchOutcome, { kind: 'deferred' }>['reason'], QueuedCallbackFailure>> = {
  store_failed: 'dedupe_store_failed',
  first_failed: 'first_copy_failed',
  wait_timeout: 'duplicate_wait_timeout',
  // No signal is passed here; kept total for the type.
  aborted: 'duplicate_wait_timeout',
};

/**
 * Runs one queued callback through the receiver's own dispatcher — the same handlers,
 * dedupe store and keys, handler timeout, diagnostics and `'error'` reports as the
 * inline path — and turns anything that wants another attempt into a rejection, which
 * is how queues are told to retry. See `WebhookReceiver.process`.
 */
export class QueuedCallbackRunner {
  readonly #dispatcher: CallbackDispatcher;
  readonly #logger: Logger;

  constructor(dispatcher: CallbackDispatcher, logger: Logger) {
    this.#dispatcher = dispatcher;
    this.#logger = logger;
  }

  /** See `WebhookReceiver.process`: traced on `sinch-inbounds:queue:job` when anyone subscribes. */
  process(queued: QueuedCallback, options?: ProcessOptions): Promise<ProcessOutcome> {
    if (!queueJobChannel.hasSubscribers) return this.#process(queued, undefined);
    const given = (typeof queued === 'object' && queued !== null ? queued : {}) as Partial<QueuedCallback>;
    const receivedAt = typeof given.receivedAt === 'number' ? given.receivedAt : Date.now();
    const diagnostic: QueueJobDiagnostic = {
      source: given.source === 'reconcile' ? 'reconcile' : 'webhook',
      attempt: options?.attempt,
      waitMs: Math.max(0, Date.now() - receivedAt),
    };
    return traced(queueJobChannel, diagnostic, async () => {
      try {
        const outcome = await this.#process(queued, diagnostic);
        diagnostic.outcome = outcome.type === 'duplicate' ? 'duplicate' : 'completed';
        return outcome;
      } catch (error) {
        const reason = error instanceof QueuedCallbackError ? error.reason : undefined;
        const last = reason === 'invalid_payload' || (options !== undefined && options.attempt >= options.maxAttempts);
        diagnostic.outcome = last ? 'dead_lettered' : 'retried';
        if (reason !== undefined) diagnostic.reason = reason;
        throw error;
      }
    });
  }

  async #process(queued: QueuedCallback, diagnostic: QueueJobDiagnostic | undefined): Promise<ProcessOutcome> {
    const { body, source, signedAheadMs } = checked(queued);
    const bytes = platformBytes.encodeUtf8(body);
    let callback: SinchCallback;
    try {
      callback = readCallback(toJsonObject(bytes));
    } catch (error) {
      const cause = error instanceof InboundParseError ? error : new InboundParseError('$', String(error), { cause: error });
      await this.#dispatcher.report(new WebhookPayloadError(bytes, cause, source));
      throw new QueuedCallbackError('invalid_payload', queued.type, queued.dedupeKey ?? undefined, { cause });
    }
    if (diagnostic !== undefined) {
      diagnostic.callbackType = callback.type;
      diagnostic.callbackId = callbackIdOf(callback);
    }
    const outcome = await this.#dispatcher.dispatch(callback, { source, rawBody: bytes, headers: NO_HEADERS, dedupeKey: undefined, nonce: undefined }, signedAheadMs);
    switch (outcome.kind) {
      case 'handled':
      case 'duplicate':
        return { type: outcome.kind, callbackType: callback.type, key: outcome.key };
      case 'unhandled':
        if (!outcome.retry) return { type: 'unhandled', callbackType: callback.type, key: outcome.key };
        throw new QueuedCallbackError('no_handler', callback.type, outcome.key);
      case 'failed':
        throw new QueuedCallbackError('handler_failed', callback.type, outcome.key, {
          cause: outcome.errors.length === 1 ? outcome.errors[0] : new AggregateError(outcome.errors, 'several handlers failed'),
        });
      case 'timed_out':
        throw new QueuedCallbackError('handler_timeout', callback.type, outcome.key, {
          cause: new Error(`the handlers did not finish within ${outcome.timeoutMs} ms`),
        });
      case 'deferred':
        this.#logger.debug('sinch queue: a queued callback was deferred; the queue runs it again', { key: outcome.key, reason: outcome.reason });
        throw new QueuedCallbackError(DEFERRED[outcome.reason], callback.type, outcome.key);
    }
  }
}

/** Job data comes back from a queue, written by any version: checked, not trusted (rejects, as `invalid_payload`). */
function checked(queued: unknown): { body: string; source: QueuedCallback['source']; signedAheadMs: number } {
  const given = (typeof queued === 'object' && queued !== null ? queued : {}) as Partial<Record<keyof QueuedCallback, unknown>>;
  if (typeof given.body !== 'string') {
    const type = typeof given.type === 'string' ? given.type : 'unknown';
    throw new QueuedCallbackError('invalid_payload', type, undefined, {
      cause: new TypeError('receiver.process(): expected a QueuedCallback (as the receiver queued it), with the raw body as a string in `body`'),
    });
  }
  const source = given.source === 'reconcile' ? 'reconcile' : 'webhook';
  const ahead = typeof given.signedAheadMs === 'number' && Number.isFinite(given.signedAheadMs) ? Math.max(0, given.signedAheadMs) : 0;
  return { body: given.body, source, signedAheadMs: ahead };
}
