import type { InboundParseError } from '../../parse/inbound-parse-error.js';
import type { SinchCallback } from '../../types/callback.js';
import type { WebhookQueueError } from './queue-errors.js';

/**
 * An authenticated (or, with no auth configured, well-formed JSON) payload that is not
 * a valid Sinch callback. It was answered 500 so Sinch keeps it and retries; the raw
 * bytes are kept here so nothing Sinch sent is lost.
 *
 * With `source: 'reconcile'`: an item the inbounds API returned that could not be read
 * (an `unreadable_inbound`); reconcile counted it in its report's `unreadable` and went on.
 */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
  /** Discriminator of {@link WebhookReceiverError}. */
  readonly kind = 'payload' as const;
  /** Where the payload came from: a webhook request, or an item read back by `reconcile()`. */
  readonly source: 'webhook' | 'reconcile';
  /** The request body exactly as received (for `'reconcile'`: the item, serialised to JSON). */
  readonly rawBody: Uint8Array;
  /** Why the parser refused it (`.path`, `.reason`). */
  override readonly cause: InboundParseError;

  constructor(rawBody: Uint8Array, cause: InboundParseError, source: 'webhook' | 'reconcile' = 'webhook') {
    super(
      source === 'webhook'
        ? `Sinch callback could not be parsed (${cause.message}); answered 500 so Sinch redelivers it`
        : `an inbound the inbounds API returned could not be read (${cause.message}); reconcile counted it as unreadable`,
      { cause },
    );
    this.source = source;
    this.rawBody = rawBody;
    this.cause = cause;
  }
}

/**
 * One or more `on(...)` handlers threw (or rejected) for a callback. Every error is in
 * `.errors`; the request was answered 500, so Sinch redelivers the callback later.
 */
export class WebhookHandlerError extends AggregateError {
  override readonly name = 'WebhookHandlerError';
  /** Discriminator of {@link WebhookReceiverError}. */
  readonly kind = 'handler' as const;
  /** The callback the handlers were given. */
  readonly callback: SinchCallback;
  /** The request body exactly as received. */
  readonly rawBody: Uint8Array;

  constructor(errors: readonly unknown[], callback: SinchCallback, rawBody: Uint8Array) {
    super(errors, `${errors.length} webhook handler(s) failed for a ${callback.type} callback; answered 500 so Sinch redelivers it`);
    this.callback = callback;
    this.rawBody = rawBody;
  }
}

/**
 * The handlers of a callback did not settle within `handlerTimeoutMs`. The callback was
 * answered 500 and its dedupe claim released, so Sinch's next delivery is handled
 * afresh; the late handler is not stopped (JavaScript cannot), so if it still finishes
 * after that delivery started, the message has run twice — the receiver logs a warning
 * when it sees that happen.
 */
export class WebhookHandlerTimeoutError extends Error {
  override readonly name = 'WebhookHandlerTimeoutError';
  /** Discriminator of {@link WebhookReceiverError}. */
  readonly kind = 'handler_timeout' as const;
  /** The callback the handlers were given. */
  readonly callback: SinchCallback;
  /** The request body exactly as received. */
  readonly rawBody: Uint8Array;
  /** The timeout that passed, in ms. */
  readonly timeoutMs: number;

  constructor(callback: SinchCallback, rawBody: Uint8Array, timeoutMs: number) {
    super(`webhook handlers for a ${callback.type} callback did not finish within ${timeoutMs} ms; answered 500 so Sinch redelivers it`);
    this.callback = callback;
    this.rawBody = rawBody;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The dedupe store failed (a shared store is unreachable, say), or a duplicate waited
 * too long for the first copy to finish. Answered 500 so Sinch redelivers later.
 */
export class WebhookDedupeError extends Error {
  override readonly name = 'WebhookDedupeError';
  /** Discriminator of {@link WebhookReceiverError}. */
  readonly kind = 'dedupe' as const;
  /** The dedupe key concerned. */
  readonly key: string;
  /** The request body exactly as received. */
  readonly rawBody: Uint8Array;

  constructor(message: string, key: string, rawBody: Uint8Array, options?: { cause?: unknown }) {
    super(message, options);
    this.key = key;
    this.rawBody = rawBody;
  }
}

/**
 * The receiver is wired up wrongly. Thrown by `createWebhookReceiver` when an option
 * makes it unsafe to start (no `secret` and no `basicAuth`: `option` says which to
 * set). At request time, typically a body parser such as `express.json()` consumed the
 * request before the receiver could read the exact bytes Sinch signed: answered 500 (so
 * Sinch retries once it is fixed) and handed to `'error'` handlers. The message names the fix.
 */
export class WebhookConfigurationError extends Error {
  override readonly name = 'WebhookConfigurationError';
  /** Discriminator of {@link WebhookReceiverError}. */
  readonly kind = 'configuration' as const;
  /** The option to set or change, when the error is about one (thrown at creation). */
  readonly option?: string;

  constructor(message: string, options?: { option?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.option !== undefined) this.option = options.option;
  }
}

/**
 * The replay guard failed or timed out (a shared store is unreachable, say). A callback
 * whose nonce could not be checked is answered 500 — never accepted unchecked — so
 * Sinch redelivers it later.
 */
export class WebhookReplayGuardError extends Error {
  override readonly name = 'WebhookReplayGuardError';
  /** Discriminator of {@link WebhookReceiverError}. */
  readonly kind = 'replay_guard' as const;
  /** The signature nonce concerned. */
  readonly nonce: string;

  constructor(message: string, nonce: string, options?: { cause?: unknown }) {
    super(message, options);
    this.nonce = nonce;
  }
}

/** Everything an `'error'` handler can receive; narrow it by `kind`. */
export type WebhookReceiverError =
  | WebhookPayloadError
  | WebhookHandlerError
  | WebhookHandlerTimeoutError
  | WebhookDedupeError
  | WebhookReplayGuardError
  | WebhookQueueError
  | WebhookConfigurationError;

/** A handler of the `'error'` event. What it throws is logged, never re-thrown. */
export type WebhookErrorHandler = (error: WebhookReceiverError) => void | Promise<void>;

/**
 * Every `kind` a {@link WebhookReceiverError} can have, for code (and docs) that must
 * cover them all. Checked against the union at compile time, so a new error class
 * cannot be added without listing its kind here.
 */
export const WEBHOOK_RECEIVER_ERROR_KINDS = Object.freeze([
  'payload',
  'handler',
  'handler_timeout',
  'dedupe',
  'replay_guard',
  'queue',
  'configuration',
] as const) satisfies readonly WebhookReceiverError['kind'][];

// Fails to compile when the union has a kind the list lacks.
type NoneMissing<Missing extends never> = Missing;
type _EveryKindListed = NoneMissing<Exclude<WebhookReceiverError['kind'], (typeof WEBHOOK_RECEIVER_ERROR_KINDS)[number]>>;
