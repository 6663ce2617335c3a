import { traceHandlers } from '../../diagnostics/trace-handlers.js';
import type { WebhookDiagnostic } from '../../diagnostics/webhook-diagnostic.js';
import { handlerChannel } from '../../diagnostics/channels.js';
import type { Logger } from '../../logging/logger.js';
import type { SinchCallback } from '../../types/callback.js';
import type { DedupeGate, GateDecision, GateRun } from '../dedupe/dedupe-gate.js';
import type { DedupeClaim } from '../dedupe/dedupe-store.js';
import { andThen, andThenWith, type Later } from '../async/run-now-or-later.js';
import { HandlerDeadlines } from './handler-deadlines.js';
import { dedupeKeyOf } from '../dedupe/dedupe-key.js';
import { WebhookDedupeError, WebhookHandlerError, WebhookHandlerTimeoutError, type WebhookReceiverError } from '../errors/errors.js';
import type { WebhookContext } from './events.js';
import type { HandlerRegistry } from './handler-registry.js';
import type { ErrorReporter } from '../errors/error-reporter.js';
import type { DispatchOutcome } from './dispatch-outcome.js';

/** What to do with a callback of a type no handler is registered for; see `WebhookReceiverOptions.unhandledCallbacks`. */
export type UnhandledCallbackPolicy = 'acknowledge' | 'retry';

/** Per-callback policy, shared by every path that dispatches (webhook, reconcile). */
export interface DispatchPolicy {
  /** What to do with a callback no handler would receive. */
  unhandled: UnhandledCallbackPolicy;
  /** How long the handlers of one callback may take before it is answered 500 and its claim released, in ms. */
  handlerTimeoutMs: number;
}

/** One callback on its way through the dispatcher: what its steps need, handed along rather than captured. */
interface Dispatch {
  readonly dispatcher: CallbackDispatcher;
  readonly callback: SinchCallback;
  readonly context: WebhookContext;
  /** Its dedupe key; `undefined` without one, or with dedupe off. */
  readonly key: string | undefined;
  readonly signedAheadMs: number;
  readonly diagnostic: WebhookDiagnostic | undefined;
  readonly signal: AbortSignal | undefined;
  /** The claim on the key, once the gate gave it. */
  run: GateRun | undefined;
}

function handledOutcome(d: Dispatch): DispatchOutcome {
  return { kind: 'handled', key: d.key };
}

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
  readonly #reporter: ErrorReporter;
  readonly #logger: Logger;
  readonly #policy: DispatchPolicy;
  readonly #warnedTypes = new Set<string>();
  readonly #deadlines: HandlerDeadlines;

  constructor(
    gate: DedupeGate | undefined,
    registry: HandlerRegistry,
    reporter: ErrorReporter,
    logger: Logger,
    policy: Partial<DispatchPolicy> = {},
  ) {
    this.#gate = gate;
    this.#registry = registry;
    this.#reporter = reporter;
    this.#logger = logger;
    this.#policy = { unhandled: policy.unhandled ?? 'acknowledge', handlerTimeoutMs: policy.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS };
    this.#deadlines = new HandlerDeadlines(this.#policy.handlerTimeoutMs);
  }

  /**
   * Dispatches `callback` unless it was handled already. `context` is what the handlers
   * receive; its `dedupeKey` is filled in here (the caller makes a fresh one per
   * callback). `signedAheadMs` — how far in the future (by this receiver's clock) the
   * callback's signature timestamp was — makes a success remembered that much longer
   * than `dedupeTtlMs`, so the memory lasts until the signature time plus `dedupeTtlMs`
   * (see the request flow's vouching for late redeliveries). `diagnostic` (a webhook
   * trace's message) gets the handlers' time. `signal` (reconcile's) stops waiting for
   * another copy of the same key and keeps handlers from starting; handlers already
   * running are not interrupted (the handler timeout bounds them), and the claim is
   * completed or released as usual, so an abort never leaves a claim held.
   */
  dispatch(
    callback: SinchCallback,
    context: WebhookContext,
    signedAheadMs = 0,
    diagnostic?: WebhookDiagnostic,
    signal?: AbortSignal,
  ): Promise<DispatchOutcome> {
    return Promise.resolve(this.run(callback, context, signedAheadMs, diagnostic, signal));
  }

  /**
   * {@link dispatch}, answering at once when nothing had to wait (the in-memory store,
   * handlers that return no promise): on the webhook hot path the only promises a
   * callback then costs are its handlers' own. `claim` is the dedupe store's answer to a
   * claim of the callback's key made already (together with its nonce, in one step: see
   * `DedupeStore.claimWithNonce`), so the key is not claimed again. Never throws.
   */
  run(
    callback: SinchCallback,
    context: WebhookContext,
    signedAheadMs: number,
    diagnostic: WebhookDiagnostic | undefined,
    signal: AbortSignal | undefined,
    claim?: DedupeClaim,
  ): Later<DispatchOutcome> {
    const gate = this.#gate;
    const key = gate === undefined ? undefined : dedupeKeyOf(callback);
    context.dedupeKey = key;
    const d: Dispatch = { dispatcher: this, callback, context, key, signedAheadMs, diagnostic, signal, run: undefined };

    // Checked before the gate: a callback nobody handles is not "handled", so it is not
    // remembered — a handler registered later (or reconcile) still gets its redelivery.
    if (this.#registry.handlersFor(callback).length === 0) return this.#unhandledClaimed(d, claim);
    if (key === undefined || gate === undefined) return this.#run(d);

    let decision: Later<GateDecision>;
    try {
      decision = claim === undefined ? gate.enter(key, signal) : gate.decide(key, claim, signal);
    } catch (error) {
      return this.#storeFailed(key, context.rawBody, error);
    }
    return andThenWith(decision, d, CallbackDispatcher.#decided, CallbackDispatcher.#gateFailed);
  }

  static #decided(d: Dispatch, decision: GateDecision): Later<DispatchOutcome> {
    if (decision.kind !== 'run') return d.dispatcher.#notRun(decision, d.key!, d.context.rawBody);
    d.run = decision.run;
    return d.dispatcher.#run(d);
  }

  static #gateFailed(d: Dispatch, error: unknown): Promise<DispatchOutcome> {
    return d.dispatcher.#storeFailed(d.key!, d.context.rawBody, error);
  }

  /** A callback no handler receives; a claim taken on its key already is handed back first. */
  #unhandledClaimed(d: Dispatch, claim: DedupeClaim | undefined): Later<DispatchOutcome> {
    const unhandled = this.#unhandled(d.callback, d.key);
    if (claim !== 'claimed' || d.key === undefined) return unhandled;
    // A fresh claim is decided at once: a run to hand back.
    return andThen(this.#gate!.decide(d.key, claim), (decision) =>
      decision.kind === 'run' ? andThen(this.#leave(decision.run, false, 0, d.context.rawBody), () => unhandled) : unhandled,
    );
  }

  async #storeFailed(key: string, body: Uint8Array, error: unknown): Promise<DispatchOutcome> {
    await this.#reporter.report(
      new WebhookDedupeError('sinch webhook: the dedupe store failed; answered 500 so Sinch redelivers', key, body, { cause: error }),
      // The gate's health tracker logged the outage once; every callback is not.
      false,
    );
    return { kind: 'deferred', key, reason: 'store_failed' };
  }

  #notRun(decision: Exclude<GateDecision, { kind: 'run' }>, key: string, body: Uint8Array): Later<DispatchOutcome> {
    switch (decision.kind) {
      case 'duplicate':
        this.#logger.debug('sinch webhook: duplicate callback acknowledged without handling', { key });
        return { kind: 'duplicate', key };
      case 'first_failed':
        // The first copy failed and already reported why; this one fails with it, and
        // Sinch's next redelivery is handled afresh.
        return { kind: 'deferred', key, reason: 'first_failed' };
      case 'timeout':
        return this.#reporter
          .report(new WebhookDedupeError('sinch webhook: a duplicate waited too long for the first copy to finish; answered 500', key, body))
          .then(() => ({ kind: 'deferred', key, reason: 'wait_timeout' }));
      case 'aborted':
        return { kind: 'deferred', key, reason: 'aborted' };
    }
  }

  /**
   * Runs the handlers, holding `d.run` (the claim on the key) when dedupe is on, and ends
   * the claim with their outcome — at once when the handlers answered synchronously,
   * else through one promise, settled from the handlers' completion or from their
   * deadline, whichever comes first (see {@link HandlerDeadlines}).
   */
  #run(d: Dispatch): Later<DispatchOutcome> {
    const { callback, context, run } = d;
    if (run !== undefined && d.signal?.aborted) {
      // Aborted while the claim was being taken: hand it back rather than start handlers.
      return andThen(this.#leave(run, false, 0, context.rawBody), (): DispatchOutcome => ({ kind: 'deferred', key: run.key, reason: 'aborted' }));
    }
    // Asked again: the lists may have changed while the claim was being taken.
    const handlers = this.#registry.handlersFor(callback);
    if (handlers.length === 0 && run !== undefined) {
      // The last handler went (off()) while the claim was pending: nothing would run, so
      // it is unhandled, as it would have been on arrival, and the key is not remembered.
      const unhandled = this.#unhandled(callback, run.key);
      return andThen(this.#leave(run, false, 0, context.rawBody), () => unhandled);
    }
    // The outcome: answered at once when the handlers finish before anyone waits for it.
    let now: Later<DispatchOutcome> | undefined;
    let later: ((outcome: Later<DispatchOutcome>) => void) | undefined;
    // Settles when the timeout's own steps are done, so a late finish never overtakes them.
    let timeoutDone: Promise<unknown> | undefined;
    const ticket = this.#deadlines.watch(() => {
      timeoutDone = this.#timedOut(d);
      // A deadline passes on a timer, never before this function returned: `later` is set.
      later!(timeoutDone.then((): DispatchOutcome => ({ kind: 'timed_out', key: d.key, timeoutMs: this.#policy.handlerTimeoutMs })));
    });
    const done = (errors: readonly unknown[]): void => {
      if (!this.#deadlines.release(ticket)) {
        void timeoutDone?.then(() => this.#lateFinish(d, errors));
        return;
      }
      const outcome = this.#finished(d, errors);
      if (later === undefined) now = outcome;
      else later(outcome);
    };
    if (d.diagnostic === undefined && !handlerChannel.hasSubscribers) {
      this.#registry.runThen(handlers, callback, context, done);
    } else {
      traceHandlers(callback, context.source, () => this.#registry.run(handlers, callback, context), d.diagnostic).then(done, (error: unknown) =>
        done([error]),
      );
    }
    return now ?? new Promise<DispatchOutcome>((resolve) => (later = resolve));
  }

  /** The handlers settled in time: ends the claim and reports a failure. */
  #finished(d: Dispatch, errors: readonly unknown[]): Later<DispatchOutcome> {
    const ok = errors.length === 0;
    const left = d.run === undefined ? undefined : this.#leave(d.run, ok, d.signedAheadMs, d.context.rawBody);
    if (ok) return andThenWith(left, d, handledOutcome);
    const reported = andThen(left, () => this.#reporter.report(new WebhookHandlerError(errors, d.callback, d.context.rawBody)));
    return andThen(reported, (): DispatchOutcome => ({ kind: 'failed', key: d.key, errors }));
  }

  /**
   * The handlers did not settle in time: gives the id up now, so Sinch's next delivery is
   * handled rather than waiting on a handler that may never settle, and reports it.
   */
  async #timedOut(d: Dispatch): Promise<void> {
    if (d.run !== undefined) await this.#leave(d.run, false, 0, d.context.rawBody);
    await this.#reporter.report(new WebhookHandlerTimeoutError(d.callback, d.context.rawBody, this.#policy.handlerTimeoutMs));
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
    return this.#reporter.report(error);
  }

  /**
   * The handlers of a timed-out callback settled after all. On success the id is
   * remembered as handled, whoever holds it meanwhile (see `DedupeGate.rememberLate`);
   * if a redelivery handled it (or is handling it), the message ran twice — said in a
   * warning, since nothing can undo it.
   */
  async #lateFinish(d: Dispatch, errors: readonly unknown[]): Promise<void> {
    const { callback, key, signedAheadMs } = d;
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
      } else if (claim === 'in_flight') {
        this.#logger.warn(
          'sinch webhook: handlers that had timed out finished after all while a redelivery of the same callback was being handled: it ran twice; ' +
            'remembered as handled, so no later copy runs it again',
          context,
        );
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

  /** Ends a claim; a store failure is reported, never thrown. Synchronous with the in-memory store. */
  #leave(run: GateRun, ok: boolean, extraTtlMs: number, body: Uint8Array): Later<void> {
    try {
      return andThen(this.#gate!.leave(run, ok, extraTtlMs), undefinedValue, (error: unknown) => this.#leaveFailed(run, body, error));
    } catch (error) {
      return this.#leaveFailed(run, body, error);
    }
  }

  #leaveFailed(run: GateRun, body: Uint8Array, error: unknown): Promise<void> {
    // Handled (or failed) either way; a redelivery may be handled again.
    return this.#reporter.report(
      new WebhookDedupeError('sinch webhook: the dedupe store failed to record an outcome', run.key, body, { cause: error }),
      // The store-health tracker has logged the outage already.
      false,
    );
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

function undefinedValue(): undefined {
  return undefined;
}
