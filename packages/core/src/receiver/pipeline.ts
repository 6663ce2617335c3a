import type { WebhookDiagnostic, WebhookFailureReason, WebhookRefusalReason } from '../diagnostics/webhook-diagnostic.js';
import { callbackIdOf } from '../diagnostics/callback-id.js';
import { deliveryStatusOf } from '../diagnostics/delivery-status-of.js';
import type { Logger } from '../logging/logger.js';
import { InboundParseError } from '../parse/inbound-parse-error.js';
import { readCallback } from '../parse/callback.js';
import { toJsonObject, type JsonObject } from '../parse/json-input.js';
import { readHeader, type WebhookHeaders } from '../signature/headers.js';
import type { ReplayGuard } from '../signature/nonce-cache.js';
import { nonceExpiresAt, verifyWebhook, type VerifyWebhookResult } from '../signature/verify.js';
import type { SinchCallback } from '../types/callback.js';
import type { WebhookContext } from './events.js';
import type { BasicAuthChecker } from './basic-auth.js';
import type { BodyReadResult } from './body-read-result.js';
import { isJsonContentType } from './content-type.js';
import type { CallbackDispatcher, DispatchOutcome } from './callback-dispatcher.js';
import { WebhookConfigurationError, WebhookDedupeError, WebhookPayloadError, WebhookReplayGuardError } from './errors.js';
import type { HandlerRegistry } from './handler-registry.js';
import { RAW_BODY_MISSING_MESSAGE } from './raw-body-missing.js';
import { webhookResponse, type WebhookResponse } from './response.js';
import type { StoreHealth } from './store-health.js';
import type { ClockSkewMonitor } from './clock-skew.js';
import { dedupeKeyOf } from './dedupe-key.js';
import type { LateRedeliveryVoucher } from './late-redelivery.js';
import { withStoreTimeout } from './store-timeout.js';
import type { QueueIntake } from './queue/queue-intake.js';

// How the dispatcher's deferrals read on the webhook channel.
const DEFERRED_REASON: Readonly<Record<Extract<DispatchOutcome, { kind: 'deferred' }>['reason'], WebhookFailureReason>> = {
  store_failed: 'dedupe_store_failed',
  first_failed: 'first_copy_failed',
  wait_timeout: 'duplicate_wait_timeout',
  // Only reconcile passes the dispatcher a signal; a webhook dispatch is never aborted.
  aborted: 'internal_error',
};

/** Everything the pipeline needs, resolved from the receiver options. */
export interface PipelineConfig {
  secrets: readonly string[] | undefined;
  basicAuth: BasicAuthChecker | undefined;
  toleranceSeconds: number;
  maxBodyBytes: number;
  dispatcher: CallbackDispatcher;
  replayGuard: ReplayGuard;
  /** Longest wait for one replay-guard call, in ms. */
  storeTimeoutMs: number;
  /** Told whether each replay-guard call answered, so an outage is logged once. */
  replayGuardHealth: StoreHealth;
  registry: HandlerRegistry;
  logger: Logger;
  now: () => number;
  /** Watches signature timestamps against this clock (warns once when it is off). */
  skew: ClockSkewMonitor;
  /**
   * Decides on genuine signatures outside the window; `undefined` with dedupe off (they
   * stay 401, as does a seen nonce: see `#seenNonce`).
   */
  voucher: LateRedeliveryVoucher | undefined;
  /** With the `queue` option: callbacks are queued instead of handled in the request. */
  intake?: QueueIntake | undefined;
}

/**
 * The status contract, step by step. `precheck` looks at what is known before the body
 * is read (method, content type, declared length); `accept` takes the raw body through
 * size, authentication, parsing, dedupe and the handlers. Neither ever throws.
 */
export class WebhookPipeline {
  readonly #c: PipelineConfig;
  readonly #misconfigurationsLogged = new Set<string>();

  constructor(config: PipelineConfig) {
    this.#c = config;
  }

  /** The largest body accepted, in bytes. */
  get maxBodyBytes(): number {
    return this.#c.maxBodyBytes;
  }

  /** 405, 415 or 413 when the request can be refused before reading its body; otherwise `undefined`. */
  precheck(method: string | undefined, headers: WebhookHeaders): WebhookResponse | undefined {
    if (method !== 'POST' && (method === undefined || method.toUpperCase() !== 'POST')) return webhookResponse('method_not_allowed');
    if (!isJsonContentType(readHeader(headers, 'content-type'))) return webhookResponse('unsupported_media_type');
    const declared = readHeader(headers, 'content-length');
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > this.#c.maxBodyBytes) {
      return webhookResponse('payload_too_large');
    }
    return undefined;
  }

  /**
   * Runs the raw body through the rest of the contract. `diagnostic`, given only when
   * someone subscribes to the webhook channel, is filled in on the way.
   *
   * The steps are chained without `async`/`await` where a step answers synchronously (on
   * Node: the HMAC, the default replay guard and the default dedupe store), so a callback
   * waits for its handlers and nothing else: each extra await was a microtask hop per step.
   */
  accept(headers: WebhookHeaders, body: Uint8Array, diagnostic?: WebhookDiagnostic): Promise<WebhookResponse> {
    let response: WebhookResponse | Promise<WebhookResponse>;
    try {
      response = this.#accept(headers, body, diagnostic);
    } catch (error) {
      return Promise.resolve(this.#crashed(error, diagnostic));
    }
    if (!(response instanceof Promise)) return Promise.resolve(response);
    return response.catch((error: unknown) => this.#crashed(error, diagnostic));
  }

  #crashed(error: unknown, diagnostic: WebhookDiagnostic | undefined): WebhookResponse {
    // Only a bug in this library gets here; it must still not crash the server.
    this.#c.logger.error('sinch webhook: unexpected failure', { error });
    if (diagnostic !== undefined) diagnostic.reason = 'internal_error';
    return webhookResponse('internal_error');
  }

  /**
   * Runs the outcome of reading a body through the contract: the bytes are accepted,
   * an oversized body is 413, a consumed stream is the misconfiguration 500.
   * `undefined` when the client went away mid-body: nobody is left to answer.
   */
  async acceptRead(headers: WebhookHeaders, read: BodyReadResult, diagnostic?: WebhookDiagnostic): Promise<WebhookResponse | undefined> {
    switch (read.kind) {
      case 'body':
        return this.accept(headers, read.body, diagnostic);
      case 'too_large':
        return webhookResponse('payload_too_large');
      case 'consumed':
        return this.misconfigured(RAW_BODY_MISSING_MESSAGE, diagnostic);
      case 'aborted':
        if (diagnostic !== undefined) diagnostic.reason = 'client_aborted';
        return undefined;
    }
  }

  /**
   * Answers 500 for a request the app's wiring keeps from being handled (a raw body
   * already parsed by a body parser, a replay guard that answers no boolean),
   * reporting a {@link WebhookConfigurationError} that names the fix.
   */
  async misconfigured(message: string, diagnostic?: WebhookDiagnostic): Promise<WebhookResponse> {
    if (diagnostic !== undefined) diagnostic.reason = 'misconfigured';
    // Every callback fails the same way until the app is fixed: log it once, not per
    // SMS; 'error' handlers still see each one.
    if (!this.#misconfigurationsLogged.has(message)) {
      this.#misconfigurationsLogged.add(message);
      this.#c.logger.error(`sinch webhook: ${message}`);
    }
    await this.#c.registry.report(new WebhookConfigurationError(message), this.#c.logger, false);
    // The fix is about the app, not the request, so the body may name it: whoever
    // tests the endpoint by hand sees what to change.
    return { ...webhookResponse('internal_error'), body: JSON.stringify({ error: 'internal_error', message }) };
  }

  #accept(headers: WebhookHeaders, body: Uint8Array, diagnostic: WebhookDiagnostic | undefined): WebhookResponse | Promise<WebhookResponse> {
    const c = this.#c;
    if (body.byteLength > c.maxBodyBytes) return webhookResponse('payload_too_large');
    // Authentication comes before any parsing: an unauthenticated body is never read.
    if (c.basicAuth === undefined) return this.#checkSignature(headers, body, diagnostic);
    return c.basicAuth
      .check(readHeader(headers, 'authorization'))
      .then((allowed) => (allowed ? this.#checkSignature(headers, body, diagnostic) : this.#unauthorized('basic_auth', diagnostic)));
  }

  #checkSignature(headers: WebhookHeaders, body: Uint8Array, diagnostic: WebhookDiagnostic | undefined): WebhookResponse | Promise<WebhookResponse> {
    const c = this.#c;
    if (c.secrets === undefined) return this.#authenticated(headers, body, c.basicAuth !== undefined, undefined, 0, diagnostic);
    const now = c.now();
    // The window is applied here, not by verifyWebhook: a genuine signature outside it
    // may still be vouched for by the dedupe memory. Synchronous on Node; a Promise with
    // Web Crypto (the web build's verify.web.ts).
    const verdict: VerifyWebhookResult | Promise<VerifyWebhookResult> = verifyWebhook({ secret: c.secrets, headers, body, toleranceSeconds: 0, now });
    if (verdict instanceof Promise) return verdict.then((settled) => this.#verified(headers, body, settled, now, diagnostic));
    return this.#verified(headers, body, verdict, now, diagnostic);
  }

  /** Goes on once the signature is checked: the window (or the late-redelivery path), then the replay guard. */
  #verified(
    headers: WebhookHeaders,
    body: Uint8Array,
    verdict: VerifyWebhookResult,
    now: number,
    diagnostic: WebhookDiagnostic | undefined,
  ): WebhookResponse | Promise<WebhookResponse> {
    const c = this.#c;
    if (!verdict.ok) return this.#unauthorized(verdict.reason, diagnostic);
    const signedAtMs = verdict.timestamp * 1000;
    const aheadMs = signedAtMs - now;
    c.skew.observe(aheadMs);
    const windowMs = c.toleranceSeconds * 1000;
    if (windowMs > 0 && Math.abs(aheadMs) > windowMs) {
      return this.#outsideWindow(headers, body, verdict.nonce, signedAtMs, now, aheadMs > 0 ? 'future' : 'stale', diagnostic);
    }
    const nonce = verdict.nonce;
    const signedAheadMs = Math.max(0, aheadMs);
    const expiresAt = nonceExpiresAt(verdict.timestamp, c.toleranceSeconds, now);
    let remembered: unknown;
    try {
      remembered = c.replayGuard.remember(nonce, expiresAt, now);
    } catch (error) {
      return this.#replayGuardFailed(nonce, error, diagnostic);
    }
    // The default guard answers synchronously; a shared one (Redis) with a promise.
    if (!(remembered instanceof Promise)) return this.#nonceChecked(headers, body, nonce, remembered, signedAheadMs, diagnostic);
    // A promise in, a promise out (withStoreTimeout passes only plain values through).
    const pending = withStoreTimeout(remembered as Promise<unknown>, c.storeTimeoutMs, 'replayGuard.remember()') as Promise<unknown>;
    return pending.then(
      (fresh) => this.#nonceChecked(headers, body, nonce, fresh, signedAheadMs, diagnostic),
      (error: unknown) => this.#replayGuardFailed(nonce, error, diagnostic),
    );
  }

  /** Goes on with a callback once the replay guard answered `fresh` for its nonce. */
  #nonceChecked(
    headers: WebhookHeaders,
    body: Uint8Array,
    nonce: string,
    fresh: unknown,
    signedAheadMs: number,
    diagnostic: WebhookDiagnostic | undefined,
  ): WebhookResponse | Promise<WebhookResponse> {
    const c = this.#c;
    c.replayGuardHealth.answered();
    if (typeof fresh !== 'boolean') {
      const message =
        `replayGuard.remember() must return or resolve to a boolean, got ${fresh === null ? 'null' : typeof fresh}; ` +
        'every signed callback is answered 500 until the replay guard is fixed';
      return this.misconfigured(message, diagnostic);
    }
    if (!fresh) return this.#seenNonce(headers, body, nonce, signedAheadMs, diagnostic);
    // The nonce is forgotten should the answer be a 500 (see #settle).
    return this.#authenticated(headers, body, true, nonce, signedAheadMs, diagnostic);
  }

  /**
   * A genuine signature inside the window whose nonce the replay guard has seen: a
   * replay — or Sinch sending the original signed request again because it stopped
   * waiting for the first copy (still running, or about to fail). Refusing the second
   * kind loses the SMS, as Sinch never retries a 401. The copy that remembered the nonce
   * went on to claim the callback's dedupe key, so the dedupe memory tells both kinds
   * apart from what they could do, as for a late redelivery (see #outsideWindow): first
   * copy in flight → this one waits and shares its outcome; handled → 200 duplicate;
   * released after a failure → handled now, once. A replay thus never runs a handler a
   * second time. Without a dedupe key, or with dedupe off, nothing can tell: 401 as before.
   *
   * The nonce is not forgotten on a 500 here: it is the first copy's to keep or forget.
   */
  #seenNonce(
    headers: WebhookHeaders,
    body: Uint8Array,
    nonce: string,
    signedAheadMs: number,
    diagnostic: WebhookDiagnostic | undefined,
  ): WebhookResponse | Promise<WebhookResponse> {
    // The voucher exists exactly when dedupe is on.
    const keyed = this.#c.voucher === undefined ? undefined : keyedCallback(body);
    if (keyed === undefined) return this.#unauthorized('replayed', diagnostic);
    this.#c.logger.debug('sinch webhook: a seen nonce on a genuine callback takes the dedupe path', { key: keyed.key });
    return this.#dispatch(keyed.callback, headers, body, nonce, signedAheadMs, diagnostic);
  }

  /**
   * The answer to an authenticated callback. A 500 asks Sinch to deliver again. Should a
   * redelivery reuse the signed request (same nonce), refusing it as a replay would turn
   * our own failure into a lost SMS: so `rememberedNonce`, the nonce the replay guard
   * kept for this request, is forgotten first — it is only kept once the callback has
   * been accepted.
   */
  #settle(response: WebhookResponse, rememberedNonce: string | undefined): WebhookResponse | Promise<WebhookResponse> {
    // A 429 (queue full) is retried by Sinch like a 500.
    if ((response.status < 500 && response.status !== 429) || rememberedNonce === undefined) return response;
    return this.#forgetNonce(rememberedNonce).then(() => response);
  }

  /**
   * The replay guard failed, timed out or threw for `nonce`: reported, and answered 500
   * (Sinch retries) — never taken as "new", which would accept a replay.
   */
  async #replayGuardFailed(nonce: string, error: unknown, diagnostic: WebhookDiagnostic | undefined): Promise<WebhookResponse> {
    const c = this.#c;
    c.replayGuardHealth.failed(error);
    // A failed call may have written the nonce all the same: one that timed out may still
    // land (a slow Redis executes it later), and one whose connection dropped may have
    // run before its reply was lost. The nonce would then stay remembered, and Sinch's
    // redelivery of this very signed request be refused as a replay — for a callback
    // without a dedupe key, the SMS lost. So it is forgotten after any failure; a forget
    // sent now follows the write on the same connection. Not awaited: the 500 must not
    // wait for a failing store twice.
    void this.#forgetQuietly(nonce);
    await c.registry.report(
      new WebhookReplayGuardError('sinch webhook: the replay guard failed; answered 500 so Sinch redelivers', nonce, { cause: error }),
      c.logger,
      // Logged once per outage by the health tracker, not once per callback.
      false,
    );
    if (diagnostic !== undefined) diagnostic.reason = 'replay_guard_failed';
    return webhookResponse('internal_error');
  }

  async #forgetQuietly(nonce: string): Promise<void> {
    try {
      await this.#c.replayGuard.forget?.(nonce);
    } catch {
      // The store is failing already; that was reported.
    }
  }

  async #forgetNonce(nonce: string): Promise<void> {
    const c = this.#c;
    if (c.replayGuard.forget === undefined) return;
    try {
      await withStoreTimeout(c.replayGuard.forget(nonce), c.storeTimeoutMs, 'replayGuard.forget()');
    } catch (error) {
      c.replayGuardHealth.failed(error);
      // The redelivery of this very request may now be refused as replayed; say so.
      await c.registry.report(
        new WebhookReplayGuardError('sinch webhook: the replay guard failed to forget a nonce after a 500', nonce, { cause: error }),
        c.logger,
        false,
      );
      return;
    }
    c.replayGuardHealth.answered();
  }

  /**
   * A genuine signature outside the tolerance window: a late redelivery of the original
   * signed request, or clocks that disagree. Refusing it (401) loses the SMS for good, as
   * Sinch never retries a 4xx; accepting it unchecked would let a captured request be
   * replayed. So it goes through the normal dedupe path exactly when the dedupe memory
   * vouches that a second copy would be recognised (see {@link LateRedeliveryVoucher}),
   * and stays 401 otherwise (also with dedupe off).
   *
   * The replay guard is skipped: its nonce memory only spans the window, and the dedupe
   * memory is what vouches — a replay of this request is a duplicate, never a second run.
   */
  async #outsideWindow(
    headers: WebhookHeaders,
    body: Uint8Array,
    nonce: string,
    signedAtMs: number,
    now: number,
    reason: 'stale' | 'future',
    diagnostic: WebhookDiagnostic | undefined,
  ): Promise<WebhookResponse> {
    const c = this.#c;
    const voucher = c.voucher;
    if (voucher === undefined) return this.#unauthorized(reason, diagnostic);
    const keyed = keyedCallback(body);
    const key = keyed?.key;
    let verdict: Awaited<ReturnType<LateRedeliveryVoucher['vouch']>>;
    try {
      verdict = await voucher.vouch(key, signedAtMs, now);
    } catch (error) {
      // The store could not say: 500, so Sinch asks again, rather than 401, which is final.
      if (diagnostic !== undefined) diagnostic.reason = 'dedupe_store_failed';
      await c.registry.report(
        new WebhookDedupeError('sinch webhook: the dedupe store failed; answered 500 so Sinch redelivers', key ?? '', body, { cause: error }),
        c.logger,
        false,
      );
      return webhookResponse('internal_error');
    }
    const context = { reason, signedSecondsAgo: Math.round((now - signedAtMs) / 1000), key };
    if (verdict !== true || keyed === undefined) {
      if (diagnostic !== undefined) diagnostic.reason = reason;
      c.logger.warn('sinch webhook: refused a genuine callback signed outside the tolerance window: the dedupe memory cannot vouch for it', {
        ...context,
        why: verdict,
      });
      return webhookResponse('unauthorized');
    }
    c.logger.info('sinch webhook: accepting a genuine callback signed outside the tolerance window: the dedupe memory vouches for it', context);
    return this.#dispatch(keyed.callback, headers, body, nonce, Math.max(0, signedAtMs - now), diagnostic);
  }

  #authenticated(
    headers: WebhookHeaders,
    body: Uint8Array,
    authenticated: boolean,
    nonce: string | undefined,
    signedAheadMs: number,
    diagnostic: WebhookDiagnostic | undefined,
  ): WebhookResponse | Promise<WebhookResponse> {
    // Only a signature checked inside the window gets here with a nonce, and the replay
    // guard then kept it: it is the nonce to forget should the answer be a 500.
    let json: JsonObject;
    try {
      json = toJsonObject(body);
    } catch (error) {
      // Without authentication there is no telling Sinch from noise: malformed JSON is
      // refused for good. Authenticated bytes came from Sinch and must not be dropped.
      if (!authenticated) return webhookResponse('bad_request');
      return this.#payloadError(body, error, diagnostic).then((response) => this.#settle(response, nonce));
    }
    if (!authenticated && (typeof json.type !== 'string' || json.type.length === 0)) {
      // Not shaped like any Sinch callback at all.
      return webhookResponse('bad_request');
    }
    let callback: SinchCallback;
    try {
      callback = readCallback(json);
    } catch (error) {
      return this.#payloadError(body, error, diagnostic).then((response) => this.#settle(response, nonce));
    }
    return this.#dispatch(callback, headers, body, nonce, signedAheadMs, diagnostic, nonce);
  }

  /** Hands an authenticated, parsed callback to the dispatcher and maps the outcome onto the status contract. */
  #dispatch(
    callback: SinchCallback,
    headers: WebhookHeaders,
    body: Uint8Array,
    nonce: string | undefined,
    signedAheadMs: number,
    diagnostic: WebhookDiagnostic | undefined,
    rememberedNonce?: string,
  ): Promise<WebhookResponse> {
    if (diagnostic !== undefined) {
      diagnostic.callbackType = callback.type;
      diagnostic.callbackId = callbackIdOf(callback);
      diagnostic.deliveryStatus = deliveryStatusOf(callback);
    }
    const intake = this.#c.intake;
    if (intake !== undefined) return intake.accept(callback, body, signedAheadMs, 'webhook', diagnostic).then((r) => this.#settle(r, rememberedNonce));
    const context: WebhookContext = { source: 'webhook', rawBody: body, headers, dedupeKey: undefined, nonce };
    return this.#c.dispatcher.dispatchThen(callback, context, signedAheadMs, diagnostic, undefined, (outcome) => {
      // Must not throw (the dispatcher's contract): a bug here still answers 500.
      try {
        return this.#settle(respond(outcome, diagnostic), rememberedNonce);
      } catch (error) {
        return this.#crashed(error, diagnostic);
      }
    });
  }

  #unauthorized(reason: WebhookRefusalReason, diagnostic: WebhookDiagnostic | undefined): WebhookResponse {
    if (diagnostic !== undefined) diagnostic.reason = reason;
    // The reason goes to the log, never into the response: it would tell an attacker which check to work on.
    this.#c.logger.warn('sinch webhook: refused an unauthenticated callback', { reason });
    return webhookResponse('unauthorized');
  }

  async #payloadError(body: Uint8Array, error: unknown, diagnostic: WebhookDiagnostic | undefined): Promise<WebhookResponse> {
    if (diagnostic !== undefined) diagnostic.reason = 'invalid_payload';
    const cause = error instanceof InboundParseError ? error : new InboundParseError('$', String(error), { cause: error });
    await this.#c.registry.report(new WebhookPayloadError(body, cause), this.#c.logger);
    return webhookResponse('internal_error');
  }
}

/**
 * The callback in `body` and its dedupe key, when it has one; `undefined` when it has
 * none or cannot be read (a payload that fails validation has no key either). Only for
 * bytes whose HMAC was verified: they are Sinch's and may be read.
 */
function keyedCallback(body: Uint8Array): { callback: SinchCallback; key: string } | undefined {
  let callback: SinchCallback;
  try {
    callback = readCallback(toJsonObject(body));
  } catch {
    return undefined;
  }
  const key = dedupeKeyOf(callback);
  return key === undefined ? undefined : { callback, key };
}

/** Maps the dispatcher's outcome onto the status contract. */
function respond(outcome: DispatchOutcome, diagnostic: WebhookDiagnostic | undefined): WebhookResponse {
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
