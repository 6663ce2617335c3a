import { traceHandlers } from '../diagnostics/trace-handlers.js';
import type { WebhookDiagnostic } from '../diagnostics/webhook-diagnostic.js';
import { handlerChannel } from '../diagnostics/channels.js';
import type { Logger } from '../logging/logger.js';
import type { SinchCallback } from '../types/callback.js';
import type { DedupeGate, GateDecision } from './dedupe-gate.js';
import { dedupeKeyOf } from './dedupe-key.js';
import { WebhookDedupeError, WebhookHandlerError, WebhookHandlerTimeoutError, type WebhookReceiverError } from './errors.js';
import type { WebhookContext } from './events.js';
import type { HandlerRegistry } from './handler-registry.js';

/**
 * How one callback went: `handled` by every handler; a `duplicate` of one handled
 * before (handlers not run); `unhandled` — no handler is registered for its type (not
 * remembered as handled; `retry` says whether it must be answered 500 under the
 * `'retry'` policy); `failed` because a handler threw; `timed_out` because the handlers
 * did not settle within the handler timeout (claim released); or `deferred` — not
 * handled now because the dedupe store failed, the first copy failed, it did not
 * finish in time, or the caller's signal aborted before the handlers ran. `handled`, `duplicate` and `unhandled` without `retry` are answered
 * 200; everything else wants another delivery.
 */
export type DispatchOutcome =
  | { kind: 'handled'; key: string | undefined }
  | { kind: 'duplicate'; key: string }
  | { kind: 'unhandled'; key: string | undefined; retry: boolean }
  | { kind: 'failed'; key: string | undefined; errors: readonly unknown[] }
  | { kind: 'timed_out'; key: string | undefined; timeoutMs: number }
  | { kind: 'deferred'; key: string; reason: 'store_failed' | 'first_failed' | 'wait_timeout' | 'aborted' };

/** What to do with a callback of a type no handler is registered for; see `WebhookReceiverOptions.unhandledCallbacks`. */
export type UnhandledCallbackPolicy = 'acknowledge' | 'retry';

/** Per-callback policy, shared by every path that dispatches (webhook, reconcile). */
export interface DispatchPolicy {
  /** What to do with a callback no handler would receive. */
  unhandled: UnhandledCallbackPolicy;
  /** How long the handlers of one callback may take before it is answered 500 and its claim released, in ms. */
  handlerTimeoutMs: number;
}

/** What {@link CallbackDispatcher.dispatch} takes besides the callback. */
export type DispatchContext = Omit<WebhookContext, 'dedupeKey'> & {
  /**
   * How far in the future (by this receiver's clock) the callback's signature timestamp
   * was, in ms; a success is remembered that much longer than `dedupeTtlMs`, so the
   * memory lasts until the signature time plus `dedupeTtlMs` (see the pipeline's vouching
   * for late redeliveries). Omitted: 0.
   */
  signedAheadMs?: number;
};

// Types warned about as unhandled are remembered so each is warned about once; bounded,
// because unknown type names come from the request.
const MAX_WARNED_TYPES = 256;

/**
 * Runs a parsed callback through the dedupe gate and the handlers, once. Both the
 * webhook path and reconcile go through here, so both share one memory under the same
 * keys and the same policy (unhandled types, handler timeout). Failures are reported
 * to `'error'` handlers (or logged) here; never throws.
 */
export class CallbackDispatcher {
  readonly #gate: DedupeGate | undefined;
  readonly #registry: HandlerRegistry;
  readonly #logger: Logger;
  readonly #policy: DispatchPolicy;
  readonly #warnedTypes = new Set<string>();

  constructor(gate: DedupeGate | undefined, registry: HandlerRegistry, logger: Logger, policy: Partial<DispatchPolicy> = {}) {
    this.#gate = gate;
    this.#registry = registry;
    this.#logger = logger;
    this.#policy = { unhandled: policy.unhandled ?? 'acknowledge', handlerTimeoutMs: policy.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS };
  }

  /**
   * Dispatches `callback` unless it was handled already; `context.dedupeKey` is filled
   * in here. `diagnostic` (a webhook trace's message) gets the handlers' time. `signal`
   * (reconcile's) stops waiting for another copy of the same key and keeps handlers from
   * starting; handlers already running are not interrupted (the handler timeout bounds
   * them), and the claim is completed or released as usual, so an abort never leaves a
   * claim held.
   */
  async dispatch(
    callback: SinchCallback,
    dispatchContext: DispatchContext,
    diagnostic?: WebhookDiagnostic,
    signal?: AbortSignal,
  ): Promise<DispatchOutcome> {
    const { signedAheadMs = 0, ...context } = dispatchContext;
    const gate = this.#gate;
    const key = gate === undefined ? undefined : dedupeKeyOf(callback);
    const body = context.rawBody;

    // Checked before the gate: a callback nobody handles is not "handled", so it is not
    // remembered — a handler registered later (or reconcile) still gets its redelivery.
    if (!this.#registry.hasHandlerFor(callback)) return this.#unhandled(callback, key);

    let leave: ((ok: boolean, extraTtlMs?: number) => Promise<void>) | undefined;
    if (key !== undefined && gate !== undefined) {
      let decision: GateDecision;
      try {
        decision = await gate.enter(key, signal);
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
        case 'aborted':
          return { kind: 'deferred', key, reason: 'aborted' };
        case 'run':
          leave = decision.leave;
      }
    }
    if (leave !== undefined && key !== undefined && signal?.aborted) {
      // Aborted while the claim was being taken: hand it back rather than start handlers.
      await this.#leave(leave, false, 0, key, body);
      return { kind: 'deferred', key, reason: 'aborted' };
    }

    const timeoutMs = this.#policy.handlerTimeoutMs;
    const full = { ...context, dedupeKey: key };
    const running =
      diagnostic === undefined && !handlerChannel.hasSubscribers
        ? this.#registry.dispatch(callback, full)
        : traceHandlers(callback, full.source, () => this.#registry.dispatch(callback, full), diagnostic);
    const errors = await settleWithin(running, timeoutMs);
    if (errors === undefined) {
      // Give the id up now, so Sinch's next delivery is handled rather than waiting on a
      // handler that may never settle.
      if (leave !== undefined && key !== undefined) await this.#leave(leave, false, 0, key, body);
      await this.#registry.report(new WebhookHandlerTimeoutError(callback, body, timeoutMs), this.#logger);
      void running.then((late) => this.#lateFinish(callback, key, late, signedAheadMs));
      return { kind: 'timed_out', key, timeoutMs };
    }
    const ok = errors.length === 0;
    if (leave !== undefined && key !== undefined) await this.#leave(leave, ok, signedAheadMs, key, body);
    if (!ok) {
      await this.#registry.report(new WebhookHandlerError(errors, callback, body), this.#logger);
      return { kind: 'failed', key, errors };
    }
    return { kind: 'handled', key };
  }

  #unhandled(callback: SinchCallback, key: string | undefined): DispatchOutcome {
    const retry = this.#policy.unhandled === 'retry';
    if (!this.#warnedTypes.has(callback.type) && this.#warnedTypes.size < MAX_WARNED_TYPES) {
      this.#warnedTypes.add(callback.type);
      this.#logger.warn(
        retry
          ? `sinch webhook: no handler is registered for ${JSON.stringify(callback.type)} callbacks; they are answered 500 ` +
              '(unhandledCallbacks: "retry") so Sinch redelivers them until a handler exists (for about 23 h)'
          : `sinch webhook: no handler is registered for ${JSON.stringify(callback.type)} callbacks; they are acknowledged ` +
              "(200) without being handled. Register one (or on('*')), or set unhandledCallbacks: \"retry\" to keep them at Sinch",
        { type: callback.type },
      );
    }
    return { kind: 'unhandled', key, retry };
  }

  /** Hands `error` to the `'error'` handlers, or logs it when there are none. Never throws. */
  report(error: WebhookReceiverError): Promise<void> {
    return this.#registry.report(error, this.#logger);
  }

  /**
   * The handlers of a timed-out callback settled after all. On success the id is
   * remembered if nobody took it meanwhile; if a redelivery handled it (or is handling
   * it), the message ran twice — said in a warning, since nothing can undo it.
   */
  async #lateFinish(callback: SinchCallback, key: string | undefined, errors: readonly unknown[], signedAheadMs: number): Promise<void> {
    const context = { type: callback.type, key };
    if (errors.length > 0) {
      this.#logger.warn('sinch webhook: handlers that had timed out failed after all; the redelivery decides', { ...context, errors });
      return;
    }
    if (key === undefined || this.#gate === undefined) {
      this.#logger.warn('sinch webhook: handlers that had timed out finished after all; without dedupe its redelivery runs them again', context);
      return;
    }
    try {
      const claim = await this.#gate.rememberLate(key, signedAheadMs);
      if (claim === 'claimed') {
        this.#logger.info('sinch webhook: handlers that had timed out finished after all; remembered as handled', context);
      } else {
        this.#logger.warn(
          'sinch webhook: handlers that had timed out finished after all, and a redelivery of the same callback was handled meanwhile: it ran twice',
          context,
        );
      }
    } catch (error) {
      this.#logger.warn('sinch webhook: handlers that had timed out finished after all, but the dedupe store failed to remember it', {
        ...context,
        error,
      });
    }
  }

  async #leave(leave: (ok: boolean, extraTtlMs?: number) => Promise<void>, ok: boolean, extraTtlMs: number, key: string, body: Uint8Array): Promise<void> {
    try {
      await leave(ok, extraTtlMs);
    } catch (error) {
      // Handled (or failed) either way; a redelivery may be handled again.
      await this.#registry.report(
        new WebhookDedupeError('sinch webhook: the dedupe store failed to record an outcome', key, body, { cause: error }),
        this.#logger,
        // The store-health tracker has logged the outage already.
        false,
      );
    }
  }
}

/**
 * Default `handlerTimeoutMs`: 30 s. Webhook handlers should acknowledge fast and queue
 * slow work, so a healthy one is far below it; webhook senders commonly stop waiting for
 * an answer well before that (Sinch does not document its limit), after which the answer
 * reaches nobody and only the redelivery counts; and it is well inside the 5 min default
 * claim lease, so this process frees the id itself instead of every redelivery waiting
 * `duplicateWaitMs` and answering 500 until the lease lapses.
 */
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

async function settleWithin<T>(promise: Promise<T>, timeoutMs: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
