import { traceHandlers } from '../diagnostics/trace-handlers.js';
import type { WebhookDiagnostic } from '../diagnostics/webhook-diagnostic.js';
import { handlerChannel } from '../diagnostics/channels.js';
import type { Logger } from '../logging/logger.js';
import type { SinchCallback } from '../types/callback.js';
import type { DedupeGate, GateDecision } from './dedupe-gate.js';
import { dedupeKeyOf } from './dedupe-key.js';
import { WebhookDedupeError, WebhookHandlerError } from './errors.js';
import type { WebhookContext } from './events.js';
import type { HandlerRegistry } from './handler-registry.js';

/**
 * How one callback went: `handled` by every handler; a `duplicate` of one handled
 * before (handlers not run); `failed` because a handler threw; or `deferred` — not
 * handled now because the dedupe store failed, the first copy failed, or it did not
 * finish in time. Everything but `handled` and `duplicate` wants another delivery.
 */
export type DispatchOutcome =
  | { kind: 'handled'; key: string | undefined }
  | { kind: 'duplicate'; key: string }
  | { kind: 'failed'; key: string | undefined; errors: readonly unknown[] }
  | { kind: 'deferred'; key: string; reason: 'store_failed' | 'first_failed' | 'wait_timeout' };

/**
 * Runs a parsed callback through the dedupe gate and the handlers, once. Both the
 * webhook path and reconcile go through here, so both share one memory under the same
 * keys. Failures are reported to `'error'` handlers (or logged) here; never throws.
 */
export class CallbackDispatcher {
  readonly #gate: DedupeGate | undefined;
  readonly #registry: HandlerRegistry;
  readonly #logger: Logger;

  constructor(gate: DedupeGate | undefined, registry: HandlerRegistry, logger: Logger) {
    this.#gate = gate;
    this.#registry = registry;
    this.#logger = logger;
  }

  /**
   * Dispatches `callback` unless it was handled already; `context.dedupeKey` is filled
   * in here. `diagnostic` (a webhook trace's message) gets the handlers' time.
   */
  async dispatch(
    callback: SinchCallback,
    context: Omit<WebhookContext, 'dedupeKey'>,
    diagnostic?: WebhookDiagnostic,
  ): Promise<DispatchOutcome> {
    const gate = this.#gate;
    const key = gate === undefined ? undefined : dedupeKeyOf(callback);
    const body = context.rawBody;
    let leave: ((ok: boolean) => Promise<void>) | undefined;
    if (key !== undefined && gate !== undefined) {
      let decision: GateDecision;
      try {
        decision = await gate.enter(key);
      } catch (error) {
        await this.#registry.report(
          new WebhookDedupeError('sinch webhook: the dedupe store failed; answered 500 so Sinch redelivers', key, body, { cause: error }),
          this.#logger,
          // The gate's health tracker logged the outage once; every callback is not.
          false,
        );
        return { kind: 'deferred', key, reason: 'store_failed' };
      }
      switch (decision.kind) {
        case 'duplicate':
          this.#logger.debug('sinch webhook: duplicate callback acknowledged without handling', { key });
          return { kind: 'duplicate', key };
        case 'first_failed':
          // The first copy failed and already reported why; this one fails with it, and
          // Sinch's next redelivery is handled afresh.
          return { kind: 'deferred', key, reason: 'first_failed' };
        case 'timeout':
          await this.#registry.report(
            new WebhookDedupeError('sinch webhook: a duplicate waited too long for the first copy to finish; answered 500', key, body),
            this.#logger,
          );
          return { kind: 'deferred', key, reason: 'wait_timeout' };
        case 'run':
          leave = decision.leave;
      }
    }

    const full = { ...context, dedupeKey: key };
    const errors =
      diagnostic === undefined && !handlerChannel.hasSubscribers
        ? await this.#registry.dispatch(callback, full)
        : await traceHandlers(callback, () => this.#registry.dispatch(callback, full), diagnostic);
    const ok = errors.length === 0;
    if (leave !== undefined && key !== undefined) {
      try {
        await leave(ok);
      } catch (error) {
        // Handled (or failed) either way; a redelivery may be handled again.
        await this.#registry.report(
          new WebhookDedupeError('sinch webhook: the dedupe store failed to record an outcome', key, body, { cause: error }),
          this.#logger,
          false,
        );
      }
    }
    if (!ok) {
      await this.#registry.report(new WebhookHandlerError(errors, callback, body), this.#logger);
      return { kind: 'failed', key, errors };
    }
    return { kind: 'handled', key };
  }
}
