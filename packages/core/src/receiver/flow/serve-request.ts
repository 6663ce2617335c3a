import { callbackIdOf } from '../../diagnostics/callback-id.js';
import { deliveryStatusOf } from '../../diagnostics/delivery-status-of.js';
import type { WebhookDiagnostic, WebhookRefusalReason } from '../../diagnostics/webhook-diagnostic.js';
import type { Logger } from '../../logging/logger.js';
import { readCallback } from '../../parse/callback.js';
import { InboundParseError } from '../../parse/inbound-parse-error.js';
import { toJsonObject, type JsonObject } from '../../parse/json-input.js';
import { readHeader, type WebhookHeaders } from '../../signature/headers.js';
import { signatureTime, type SignatureTime } from '../../signature/signature-window.js';
import { verifyWebhook, type VerifyWebhookResult } from '../../signature/verify.js';
import type { SinchCallback } from '../../types/callback.js';
import { andThen, andThenWith, type Later } from '../async/run-now-or-later.js';
import type { BasicAuthChecker } from '../auth/basic-auth.js';
import type { DedupeClaim, NonceClaim } from '../dedupe/dedupe-store.js';
import type { CallbackDispatcher } from '../dispatch/callback-dispatcher.js';
import type { DispatchOutcome } from '../dispatch/dispatch-outcome.js';
import type { WebhookContext } from '../dispatch/events.js';
import type { ErrorReporter } from '../errors/error-reporter.js';
import { WebhookConfigurationError, WebhookDedupeError, WebhookPayloadError } from '../errors/errors.js';
import type { ClockSkewMonitor } from '../freshness/clock-skew.js';
import type { LateRedeliveryVoucher } from '../freshness/late-redelivery.js';
import type { NonceClaims } from '../freshness/nonce-claims.js';
import type { ReplayMemory } from '../freshness/replay-memory.js';
import type { BodyReadResult } from '../http/body-read-result.js';
import { isJsonContentType } from '../http/content-type.js';
import { RAW_BODY_MISSING_MESSAGE } from '../http/raw-body-missing.js';
import { webhookResponse, type WebhookResponse } from '../http/response.js';
import type { QueueIntake } from '../queue/queue-intake.js';
import { keyedCallback } from './keyed-callback.js';
import { statusOf } from './status-of.js';

/** A request as the flow takes it, whichever entry point (`handle`, `fetch`, `node`) it came through. */
export interface ServedRequest {
  /** The HTTP method; anything but `POST` is 405. */
  readonly method: string | undefined;
  readonly headers: WebhookHeaders;
  /** Reads the body under `maxBodyBytes`; called once, after the precheck. A throw or rejection is answered 500. */
  readonly readBody: () => Later<BodyReadResult>;
  /** Names the fix when a body parser consumed the body; {@link RAW_BODY_MISSING_MESSAGE} when not given. */
  readonly consumedMessage?: (() => string) | undefined;
}

/** Everything the flow needs, resolved from the receiver options. */
export interface RequestFlowConfig {
  secrets: readonly string[] | undefined;
  basicAuth: BasicAuthChecker | undefined;
  toleranceSeconds: number;
  maxBodyBytes: number;
  dispatcher: CallbackDispatcher;
  /** The replay guard's lifecycle: remember, forget after a 500, health. */
  replay: ReplayMemory;
  /** With a dedupe store that remembers nonces and claims keys in one step (and no queue); else `undefined`. */
  nonceClaims: NonceClaims | undefined;
  reporter: ErrorReporter;
  logger: Logger;
  now: () => number;
  /** Watches signature timestamps against this clock (warns once when it is off). */
  skew: ClockSkewMonitor;
  /**
   * Decides on genuine signatures outside the window; `undefined` with dedupe off (they
   * stay 401, as does a seen nonce).
   */
  voucher: LateRedeliveryVoucher | undefined;
  /** With the `queue` option: callbacks are queued instead of handled in the request. */
  intake: QueueIntake | undefined;
}

/** One request on its way through the steps: what they have learned so far. */
interface RequestState {
  readonly flow: RequestFlow;
  readonly request: ServedRequest;
  readonly headers: WebhookHeaders;
  readonly diagnostic: WebhookDiagnostic | undefined;
  /** The raw body, once read. */
  body: Uint8Array;
  /** A signature or Basic auth vouched for the sender: a payload that cannot be read is then Sinch's (500), not noise (400). */
  authenticated: boolean;
  /** The verified signature (its nonce and timestamp); `undefined` without signatures. */
  signature: VerifiedSignature | undefined;
  /** Where its timestamp falls against the window, once judged. */
  time: SignatureTime | undefined;
  /** The nonce this request made the replay guard remember: forgotten should the answer be a 500. */
  rememberedNonce: string | undefined;
  /** How to forget it when the dedupe store remembered it (`claimWithNonce`); `undefined`: the guard's `forget`. */
  forgetNonce: (() => Later<void>) | undefined;
  /** The dedupe store's answer to a claim made with the nonce: the dispatcher must not claim again. */
  claim: DedupeClaim | undefined;
  /** The callback, once parsed (by the freshness step when the dedupe memory must decide). */
  callback: SinchCallback | undefined;
}

// The body until it is read.
const NO_BODY = new Uint8Array(0);

/** A body that could not be read (the stream failed): 500, nothing to report. */
function readFailed(): WebhookResponse {
  return webhookResponse('internal_error');
}

/** A signature whose HMAC matched: its nonce and timestamp (seconds). */
type VerifiedSignature = Extract<VerifyWebhookResult, { ok: true }>;

/** A check of a request: an answer ends the request there, `undefined` goes on to the next. */
type Check = (flow: RequestFlow, s: RequestState) => Later<Answer | undefined>;

/** What the steps end with: an answer of their own, or the dispatcher's outcome, which `respond` maps. */
type Answer = WebhookResponse | DispatchOutcome;

/**
 * The status contract (SPEC §4), one request at a time, in the order of its steps:
 * precheck and read (`serve`), then the checks in `#CHECKS` — size, authenticate,
 * freshness and replay, parse — then dispatch and respond (`#accept`). Each step either
 * answers (and the request ends there) or goes on, over one `RequestState`. Steps are
 * chained with `andThen` / `andThenWith`, so a step that answers synchronously (on Node:
 * the HMAC, the default replay guard and dedupe store) costs no microtask and no
 * closure: a callback waits for its handlers and nothing else.
 */
export class RequestFlow {
  readonly #c: RequestFlowConfig;
  readonly #misconfigurationsLogged = new Set<string>();

  constructor(config: RequestFlowConfig) {
    this.#c = config;
  }

  /** The largest body accepted, in bytes. */
  get maxBodyBytes(): number {
    return this.#c.maxBodyBytes;
  }

  /**
   * Serves one request. `diagnostic`, given only when someone subscribes to the webhook
   * channel, is filled in on the way. Resolves `undefined` when the client went away
   * mid-body (nobody is left to answer); never rejects. Throws only when the request's
   * own headers throw (a getter), for the entry point to map.
   */
  serve(request: ServedRequest, diagnostic?: WebhookDiagnostic): Promise<WebhookResponse | undefined> {
    const early = this.precheck(request.method, request.headers);
    if (early !== undefined) return Promise.resolve(early);
    const state: RequestState = {
      flow: this,
      request,
      headers: request.headers,
      diagnostic,
      body: NO_BODY,
      authenticated: false,
      signature: undefined,
      time: undefined,
      rememberedNonce: undefined,
      forgetNonce: undefined,
      claim: undefined,
      callback: undefined,
    };
    let read: Later<BodyReadResult>;
    try {
      read = request.readBody();
    } catch {
      return Promise.resolve(webhookResponse('internal_error'));
    }
    return Promise.resolve(andThenWith(read, state, RequestFlow.#received, readFailed));
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

  /** The body as read: its bytes go on through the contract; an oversized, consumed or abandoned one is answered here. */
  static #received(s: RequestState, read: BodyReadResult): Later<WebhookResponse | undefined> {
    switch (read.kind) {
      case 'body':
        s.body = read.body;
        return s.flow.#accept(s);
      case 'too_large':
        return webhookResponse('payload_too_large');
      case 'consumed':
        return s.flow.misconfigured(s.request.consumedMessage?.() ?? RAW_BODY_MISSING_MESSAGE, s.diagnostic);
      case 'aborted':
        if (s.diagnostic !== undefined) s.diagnostic.reason = 'client_aborted';
        return undefined;
    }
  }

  /** The raw body through the rest of the contract, then `respond`. Never throws: a bug here is still a 500. */
  #accept(s: RequestState): Later<WebhookResponse> {
    let answer: Later<Answer>;
    try {
      answer = this.#steps(s);
    } catch (error) {
      return this.#crashed(error, s.diagnostic);
    }
    return andThenWith(answer, s, RequestFlow.#respond, RequestFlow.#crashedIn);
  }

  static #crashedIn(s: RequestState, error: unknown): WebhookResponse {
    return s.flow.#crashed(error, s.diagnostic);
  }

  // The checks once the body is in hand, in their order; then the callback is dispatched.
  // Authentication comes before any parsing: an unauthenticated body is never read.
  static readonly #CHECKS: readonly Check[] = [
    (flow, s) => flow.#checkSize(s),
    (flow, s) => flow.#authenticate(s),
    (flow, s) => flow.#checkFreshness(s),
    (flow, s) => flow.#parse(s),
  ];

  /**
   * Runs the checks from `from` on, then dispatches. A check that goes on synchronously
   * costs nothing more than its call; one that waits is chained with `andThen`.
   */
  #steps(s: RequestState, from = 0): Later<Answer> {
    const checks = RequestFlow.#CHECKS;
    for (let i = from; i < checks.length; i++) {
      const answer = checks[i]!(this, s);
      if (answer !== undefined) return andThen(answer, (settled) => settled ?? this.#steps(s, i + 1));
    }
    return this.#dispatch(s);
  }

  #checkSize(s: RequestState): WebhookResponse | undefined {
    return s.body.byteLength > this.#c.maxBodyBytes ? webhookResponse('payload_too_large') : undefined;
  }

  /** Basic auth, then the signature (its HMAC only: the window is the next step's). A 401, or `undefined` to go on. */
  #authenticate(s: RequestState): Later<WebhookResponse | undefined> {
    const { basicAuth } = this.#c;
    if (basicAuth === undefined) return this.#checkSignature(s);
    return basicAuth
      .check(readHeader(s.headers, 'authorization'))
      .then((allowed) => (allowed ? this.#checkSignature(s) : this.#unauthorized('basic_auth', s.diagnostic)));
  }

  #checkSignature(s: RequestState): Later<WebhookResponse | undefined> {
    const c = this.#c;
    if (c.secrets === undefined) {
      s.authenticated = c.basicAuth !== undefined;
      return undefined;
    }
    // Verified without a window (toleranceSeconds: 0): the window is applied by the next
    // step, where a genuine signature outside it may still be vouched for. Synchronous
    // on Node; a Promise with Web Crypto (the web build's verify.web.ts).
    const verdict: Later<VerifyWebhookResult> = verifyWebhook({ secret: c.secrets, headers: s.headers, body: s.body, toleranceSeconds: 0 });
    return andThenWith(verdict, s, RequestFlow.#verified);
  }

  static #verified(s: RequestState, verified: VerifyWebhookResult): WebhookResponse | undefined {
    if (!verified.ok) return s.flow.#unauthorized(verified.reason, s.diagnostic);
    s.authenticated = true;
    s.signature = verified;
    return undefined;
  }

  /**
   * The signature's time against the window (the rule `verifyWebhook` applies too), then
   * the replay guard. Inside the window a new nonce goes on; a seen one, or a signature
   * outside the window, is a replay — or Sinch delivering the original signed request
   * again — and the dedupe memory decides (see `#seenNonce`, `#outsideWindow`).
   */
  #checkFreshness(s: RequestState): Later<Answer | undefined> {
    const c = this.#c;
    const signature = s.signature;
    if (signature === undefined) return undefined;
    const nonce = signature.nonce;
    const now = c.now();
    const time = signatureTime(signature.timestamp, c.toleranceSeconds, now);
    s.time = time;
    c.skew.observe(time.aheadMs);
    if (time.kind !== 'in_window') return this.#outsideWindow(s, time, now);
    const claimed = this.#claimWithNonce(s, nonce, time.expiresAtMs, now);
    if (claimed !== undefined) return claimed;
    let remembered: Later<unknown>;
    try {
      remembered = c.replay.remember(nonce, time.expiresAtMs, now);
    } catch (error) {
      return this.#replayGuardFailed(s, nonce, error);
    }
    return andThenWith(remembered, s, RequestFlow.#nonceChecked, RequestFlow.#rememberFailed);
  }

  static #rememberFailed(s: RequestState, error: unknown): Promise<WebhookResponse> {
    return s.flow.#replayGuardFailed(s, s.signature!.nonce, error);
  }

  /** Goes on with a callback once the replay guard answered `fresh` for its nonce. */
  static #nonceChecked(s: RequestState, fresh: unknown): Later<WebhookResponse | undefined> {
    const flow = s.flow;
    flow.#c.replay.answered();
    if (typeof fresh !== 'boolean') {
      const message =
        `replayGuard.remember() must return or resolve to a boolean, got ${fresh === null ? 'null' : typeof fresh}; ` +
        'every signed callback is answered 500 until the replay guard is fixed';
      return flow.misconfigured(message, s.diagnostic);
    }
    if (!fresh) return flow.#seenNonce(s);
    // Forgotten should the answer be a 500 (see #respond).
    s.rememberedNonce = s.signature!.nonce;
    return undefined;
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
  #seenNonce(s: RequestState): WebhookResponse | undefined {
    // The voucher exists exactly when dedupe is on.
    const keyed = this.#c.voucher === undefined ? undefined : keyedCallback(s.body);
    if (keyed === undefined) return this.#unauthorized('replayed', s.diagnostic);
    this.#c.logger.debug('sinch webhook: a seen nonce on a genuine callback takes the dedupe path', { key: keyed.key });
    s.callback = keyed.callback;
    return undefined;
  }

  /**
   * The nonce and the dedupe claim in one store call (`DedupeStore.claimWithNonce`) for a
   * callback with a dedupe key: a fresh nonce goes on as after `remember`, a seen one as
   * in `#seenNonce`, and the dispatcher starts from the claim. `undefined` to ask the
   * replay guard and then the store, as without it: no such store, a body without a key
   * or that does not parse, or a store that cannot for this guard.
   */
  #claimWithNonce(s: RequestState, nonce: string, expiresAtMs: number, now: number): Later<WebhookResponse | undefined> | undefined {
    const claims = this.#c.nonceClaims;
    if (claims === undefined) return undefined;
    const keyed = keyedCallback(s.body);
    if (keyed === undefined) return undefined;
    // A failure is the replay guard's as much as the claim's: 500, the nonce forgotten.
    const failed = (error: unknown): Promise<WebhookResponse> => this.#replayGuardFailed(s, nonce, error, claims.forgetter(keyed.key, nonce));
    let answer: Later<NonceClaim> | undefined;
    try {
      answer = claims.claim(keyed.key, nonce, expiresAtMs, now);
    } catch (error) {
      return failed(error);
    }
    if (answer === undefined) {
      // Asked one after the other instead; the parse step need not read the body again.
      s.callback = keyed.callback;
      return undefined;
    }
    return andThen(
      answer,
      (claimed) => {
        this.#c.replay.answered();
        s.callback = keyed.callback;
        s.claim = claimed.claim;
        if (!claimed.fresh) {
          this.#c.logger.debug('sinch webhook: a seen nonce on a genuine callback takes the dedupe path', { key: keyed.key });
          return undefined;
        }
        s.rememberedNonce = nonce;
        s.forgetNonce = claims.forgetter(keyed.key, nonce);
        return undefined;
      },
      failed,
    );
  }

  /**
   * The replay guard failed, timed out or threw for `nonce`: reported, and answered 500
   * (Sinch retries) — never taken as "new", which would accept a replay. `forget` is how
   * the nonce is forgotten, when not by the guard's own `forget`.
   */
  async #replayGuardFailed(s: RequestState, nonce: string, error: unknown, forget?: () => unknown): Promise<WebhookResponse> {
    await this.#c.replay.failed(nonce, error, forget);
    if (s.diagnostic !== undefined) s.diagnostic.reason = 'replay_guard_failed';
    return webhookResponse('internal_error');
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
  async #outsideWindow(s: RequestState, time: Exclude<SignatureTime, { kind: 'in_window' }>, now: number): Promise<WebhookResponse | undefined> {
    const c = this.#c;
    const { diagnostic } = s;
    const reason = time.kind;
    const voucher = c.voucher;
    if (voucher === undefined) return this.#unauthorized(reason, diagnostic);
    const keyed = keyedCallback(s.body);
    const key = keyed?.key;
    let verdict: Awaited<ReturnType<LateRedeliveryVoucher['vouch']>>;
    try {
      verdict = await voucher.vouch(key, s.signature!.timestamp * 1000, now);
    } catch (error) {
      // The store could not say: 500, so Sinch asks again, rather than 401, which is final.
      if (diagnostic !== undefined) diagnostic.reason = 'dedupe_store_failed';
      await c.reporter.report(
        new WebhookDedupeError('sinch webhook: the dedupe store failed; answered 500 so Sinch redelivers', key ?? '', s.body, { cause: error }),
        false,
      );
      return webhookResponse('internal_error');
    }
    const context = { reason, signedSecondsAgo: Math.round(-time.aheadMs / 1000), key };
    if (verdict !== true || keyed === undefined) {
      if (diagnostic !== undefined) diagnostic.reason = reason;
      c.logger.warn('sinch webhook: refused a genuine callback signed outside the tolerance window: the dedupe memory cannot vouch for it', {
        ...context,
        why: verdict,
      });
      return webhookResponse('unauthorized');
    }
    c.logger.info('sinch webhook: accepting a genuine callback signed outside the tolerance window: the dedupe memory vouches for it', context);
    s.callback = keyed.callback;
    return undefined;
  }

  /** Reads the callback out of the body, unless the freshness step did. A 400 or a reported 500, or `undefined` to go on. */
  #parse(s: RequestState): Later<WebhookResponse | undefined> {
    if (s.callback !== undefined) return undefined;
    let json: JsonObject;
    try {
      json = toJsonObject(s.body);
    } catch (error) {
      // Without authentication there is no telling Sinch from noise: malformed JSON is
      // refused for good. Authenticated bytes came from Sinch and must not be dropped.
      if (!s.authenticated) return webhookResponse('bad_request');
      return this.#payloadError(s, error);
    }
    if (!s.authenticated && (typeof json.type !== 'string' || json.type.length === 0)) {
      // Not shaped like any Sinch callback at all.
      return webhookResponse('bad_request');
    }
    try {
      s.callback = readCallback(json);
    } catch (error) {
      return this.#payloadError(s, error);
    }
    return undefined;
  }

  /** Hands the authenticated, parsed callback to the queue or the dispatcher. */
  #dispatch(s: RequestState): Later<Answer> {
    const callback = s.callback!;
    const { diagnostic } = s;
    if (diagnostic !== undefined) {
      diagnostic.callbackType = callback.type;
      diagnostic.callbackId = callbackIdOf(callback);
      diagnostic.deliveryStatus = deliveryStatusOf(callback);
    }
    const intake = this.#c.intake;
    // How far the signature is ahead of this clock: a success is remembered that much longer.
    const signedAheadMs = s.time === undefined ? 0 : Math.max(0, s.time.aheadMs);
    if (intake !== undefined) return intake.accept(callback, s.body, signedAheadMs, 'webhook', diagnostic);
    const context: WebhookContext = { source: 'webhook', rawBody: s.body, headers: s.headers, dedupeKey: undefined, nonce: s.signature?.nonce };
    return this.#c.dispatcher.run(callback, context, signedAheadMs, diagnostic, undefined, s.claim);
  }

  /**
   * The answer: the dispatcher's outcome mapped onto the status contract. A 500 (or a 429,
   * queue full, which Sinch retries alike) asks Sinch to deliver again; should the
   * redelivery reuse the signed request (same nonce), refusing it as a replay would turn
   * our own failure into a lost SMS: so the nonce this request made the replay guard
   * remember is forgotten first. Never throws.
   */
  static #respond(s: RequestState, answer: Answer): Later<WebhookResponse> {
    const response = 'status' in answer ? answer : statusOf(answer, s.diagnostic);
    const nonce = s.rememberedNonce;
    if ((response.status < 500 && response.status !== 429) || nonce === undefined) return response;
    return s.flow.#c.replay.forgetAfter500(nonce, s.forgetNonce).then(() => response);
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
    await this.#c.reporter.report(new WebhookConfigurationError(message), false);
    // The fix is about the app, not the request, so the body may name it: whoever
    // tests the endpoint by hand sees what to change.
    return { ...webhookResponse('internal_error'), body: JSON.stringify({ error: 'internal_error', message }) };
  }

  #unauthorized(reason: WebhookRefusalReason, diagnostic: WebhookDiagnostic | undefined): WebhookResponse {
    if (diagnostic !== undefined) diagnostic.reason = reason;
    // The reason goes to the log, never into the response: it would tell an attacker which check to work on.
    this.#c.logger.warn('sinch webhook: refused an unauthenticated callback', { reason });
    return webhookResponse('unauthorized');
  }

  async #payloadError(s: RequestState, error: unknown): Promise<WebhookResponse> {
    if (s.diagnostic !== undefined) s.diagnostic.reason = 'invalid_payload';
    const cause = error instanceof InboundParseError ? error : new InboundParseError('$', String(error), { cause: error });
    await this.#c.reporter.report(new WebhookPayloadError(s.body, cause));
    return webhookResponse('internal_error');
  }

  #crashed(error: unknown, diagnostic: WebhookDiagnostic | undefined): WebhookResponse {
    // Only a bug in this library gets here; it must still not crash the server.
    this.#c.logger.error('sinch webhook: unexpected failure', { error });
    if (diagnostic !== undefined) diagnostic.reason = 'internal_error';
    return webhookResponse('internal_error');
  }
}
