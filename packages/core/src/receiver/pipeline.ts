import type { Logger } from '../logging/logger.js';
import { InboundParseError } from '../parse/inbound-parse-error.js';
import { readCallback } from '../parse/callback.js';
import { toJsonObject, type JsonObject } from '../parse/json-input.js';
import { readHeader, type WebhookHeaders } from '../signature/headers.js';
import type { ReplayGuard } from '../signature/nonce-cache.js';
import { verifyWebhook } from '../signature/verify.js';
import type { SinchCallback } from '../types/callback.js';
import type { BasicAuthChecker } from './basic-auth.js';
import type { BodyReadResult } from './body-read-result.js';
import { isJsonContentType } from './content-type.js';
import type { DedupeGate, GateDecision } from './dedupe-gate.js';
import { dedupeKeyOf } from './dedupe-key.js';
import { WebhookConfigurationError, WebhookDedupeError, WebhookHandlerError, WebhookPayloadError } from './errors.js';
import type { HandlerRegistry } from './handler-registry.js';
import { RAW_BODY_MISSING_MESSAGE } from './raw-body-missing.js';
import { webhookResponse, type WebhookResponse } from './response.js';

/** Everything the pipeline needs, resolved from the receiver options. */
export interface PipelineConfig {
  secrets: readonly string[] | undefined;
  basicAuth: BasicAuthChecker | undefined;
  toleranceSeconds: number;
  maxBodyBytes: number;
  gate: DedupeGate | undefined;
  replayGuard: ReplayGuard;
  registry: HandlerRegistry;
  logger: Logger;
  now: () => number;
}

/**
 * The status contract, step by step. `precheck` looks at what is known before the body
 * is read (method, content type, declared length); `accept` takes the raw body through
 * size, authentication, parsing, dedupe and the handlers. Neither ever throws.
 */
export class WebhookPipeline {
  readonly #c: PipelineConfig;
  #misconfigurationLogged = false;

  constructor(config: PipelineConfig) {
    this.#c = config;
  }

  /** The largest body accepted, in bytes. */
  get maxBodyBytes(): number {
    return this.#c.maxBodyBytes;
  }

  /** 405, 415 or 413 when the request can be refused before reading its body; otherwise `undefined`. */
  precheck(method: string | undefined, headers: WebhookHeaders): WebhookResponse | undefined {
    if (method === undefined || method.toUpperCase() !== 'POST') return webhookResponse('method_not_allowed');
    if (!isJsonContentType(readHeader(headers, 'content-type'))) return webhookResponse('unsupported_media_type');
    const declared = readHeader(headers, 'content-length');
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > this.#c.maxBodyBytes) {
      return webhookResponse('payload_too_large');
    }
    return undefined;
  }

  /** Runs the raw body through the rest of the contract. */
  async accept(headers: WebhookHeaders, body: Uint8Array): Promise<WebhookResponse> {
    try {
      return await this.#accept(headers, body);
    } catch (error) {
      // Only a bug in this library gets here; it must still not crash the server.
      this.#c.logger.error('sinch webhook: unexpected failure', { error });
      return webhookResponse('internal_error');
    }
  }

  /**
   * Runs the outcome of reading a body through the contract: the bytes are accepted,
   * an oversized body is 413, a consumed stream is the misconfiguration 500.
   * `undefined` when the client went away mid-body: nobody is left to answer.
   */
  async acceptRead(headers: WebhookHeaders, read: BodyReadResult): Promise<WebhookResponse | undefined> {
    switch (read.kind) {
      case 'body':
        return this.accept(headers, read.body);
      case 'too_large':
        return webhookResponse('payload_too_large');
      case 'consumed':
        return this.misconfigured(RAW_BODY_MISSING_MESSAGE);
      case 'aborted':
        return undefined;
    }
  }

  /**
   * Answers 500 for a request whose raw body is not available (already parsed by a
   * body parser), reporting a {@link WebhookConfigurationError} that names the fix.
   */
  async misconfigured(message: string): Promise<WebhookResponse> {
    // Every callback fails the same way until the app is fixed: log it once, not per
    // SMS; 'error' handlers still see each one.
    if (!this.#misconfigurationLogged) {
      this.#misconfigurationLogged = true;
      this.#c.logger.error(`sinch webhook: ${message}`);
    }
    await this.#c.registry.report(new WebhookConfigurationError(message), this.#c.logger, false);
    // The fix is about the app, not the request, so the body may name it: whoever
    // tests the endpoint by hand sees what to change.
    return { ...webhookResponse('internal_error'), body: JSON.stringify({ error: 'internal_error', message }) };
  }

  async #accept(headers: WebhookHeaders, body: Uint8Array): Promise<WebhookResponse> {
    const c = this.#c;
    if (body.byteLength > c.maxBodyBytes) return webhookResponse('payload_too_large');

    // Authentication comes before any parsing: an unauthenticated body is never read.
    const authenticated = c.basicAuth !== undefined || c.secrets !== undefined;
    if (c.basicAuth !== undefined && !c.basicAuth.check(readHeader(headers, 'authorization'))) {
      return this.#unauthorized('basic_auth');
    }
    let nonce: string | undefined;
    if (c.secrets !== undefined) {
      const verdict = verifyWebhook({
        secret: c.secrets,
        headers,
        body,
        toleranceSeconds: c.toleranceSeconds,
        now: c.now(),
        replayGuard: c.replayGuard,
      });
      if (!verdict.ok) return this.#unauthorized(verdict.reason);
      nonce = verdict.nonce;
    }

    const response = await this.#authenticated(headers, body, authenticated, nonce);
    // A 500 asks Sinch to deliver again. Should a redelivery reuse the signed request
    // (same nonce), refusing it as a replay would turn our own failure into a lost SMS:
    // the nonce is only kept once the callback has been accepted.
    if (response.status >= 500 && nonce !== undefined) c.replayGuard.forget?.(nonce);
    return response;
  }

  async #authenticated(
    headers: WebhookHeaders,
    body: Uint8Array,
    authenticated: boolean,
    nonce: string | undefined,
  ): Promise<WebhookResponse> {
    const c = this.#c;
    let json: JsonObject;
    try {
      json = toJsonObject(body);
    } catch (error) {
      // Without authentication there is no telling Sinch from noise: malformed JSON is
      // refused for good. Authenticated bytes came from Sinch and must not be dropped.
      if (!authenticated) return webhookResponse('bad_request');
      return this.#payloadError(body, error);
    }
    if (!authenticated && (typeof json.type !== 'string' || json.type.length === 0)) {
      // Not shaped like any Sinch callback at all.
      return webhookResponse('bad_request');
    }
    let callback: SinchCallback;
    try {
      callback = readCallback(json);
    } catch (error) {
      return this.#payloadError(body, error);
    }

    const dedupeKey = c.gate === undefined ? undefined : dedupeKeyOf(callback);
    let leave: ((ok: boolean) => Promise<void>) | undefined;
    if (dedupeKey !== undefined && c.gate !== undefined) {
      let decision: GateDecision;
      try {
        decision = await c.gate.enter(dedupeKey);
      } catch (error) {
        await c.registry.report(
          new WebhookDedupeError('sinch webhook: the dedupe store failed; answered 500 so Sinch redelivers', dedupeKey, body, { cause: error }),
          c.logger,
        );
        return webhookResponse('internal_error');
      }
      if (decision.kind === 'duplicate') {
        c.logger.debug('sinch webhook: duplicate callback acknowledged without handling', { key: dedupeKey });
        return webhookResponse('duplicate');
      }
      if (decision.kind === 'first_failed') {
        // The first copy failed and already reported why; this one fails with it, and
        // Sinch's next redelivery is handled afresh.
        return webhookResponse('internal_error');
      }
      if (decision.kind === 'timeout') {
        await c.registry.report(
          new WebhookDedupeError('sinch webhook: a duplicate waited too long for the first copy to finish; answered 500', dedupeKey, body),
          c.logger,
        );
        return webhookResponse('internal_error');
      }
      leave = decision.leave;
    }

    const errors = await c.registry.dispatch(callback, { rawBody: body, headers, dedupeKey, nonce });
    const ok = errors.length === 0;
    if (leave !== undefined && dedupeKey !== undefined) {
      try {
        await leave(ok);
      } catch (error) {
        // Handled (or failed) either way; a redelivery may be handled again.
        await c.registry.report(
          new WebhookDedupeError('sinch webhook: the dedupe store failed to record an outcome', dedupeKey, body, { cause: error }),
          c.logger,
        );
      }
    }
    if (!ok) {
      await c.registry.report(new WebhookHandlerError(errors, callback, body), c.logger);
      return webhookResponse('internal_error');
    }
    return webhookResponse('accepted');
  }

  #unauthorized(reason: string): WebhookResponse {
    // The reason goes to the log, never into the response: it would tell an attacker which check to work on.
    this.#c.logger.warn('sinch webhook: refused an unauthenticated callback', { reason });
    return webhookResponse('unauthorized');
  }

  async #payloadError(body: Uint8Array, error: unknown): Promise<WebhookResponse> {
    const cause = error instanceof InboundParseError ? error : new InboundParseError('$', String(error), { cause: error });
    await this.#c.registry.report(new WebhookPayloadError(body, cause), this.#c.logger);
    return webhookResponse('internal_error');
  }
}
