import type { Logger } from '../../logging/logger.js';
import type { ReplayGuard } from '../../signature/nonce-cache.js';
import type { BasicAuthCredentials } from '../auth/basic-auth.js';
import type { DedupeStore } from '../dedupe/dedupe-store.js';
import type { CallbackQueue } from '../queue/callback-queue.js';

/** Options of `createWebhookReceiver`. */
export interface WebhookReceiverOptions {
  /**
   * The callback signing secret, or several while rotating it (any one may match),
   * typically `process.env.SINCH_WEBHOOK_SECRET`. Required unless `basicAuth` is set:
   * without either, `createWebhookReceiver` throws a `WebhookConfigurationError` (fail
   * closed). `undefined` and an empty or whitespace-only string (an unset environment
   * variable) count as no secret.
   */
  secret?: string | readonly string[] | undefined;
  /**
   * HTTP Basic credentials callbacks must carry, or several while rotating. An
   * alternative to signatures, or an additional check: with both set, both must pass.
   */
  basicAuth?: BasicAuthCredentials | readonly BasicAuthCredentials[] | undefined;
  /**
   * Accept callbacks with no authentication at all when neither `secret` nor `basicAuth`
   * is set — anyone who knows the URL can then post forged callbacks. Only for an
   * endpoint that something else authenticates (a gateway, a private network). The
   * receiver warns at creation and once more at the first request it serves. Ignored
   * when a secret or Basic credentials are set. Default `false`: creation throws instead.
   */
  dangerouslyAllowUnauthenticated?: boolean;
  /**
   * How far a signature timestamp may be from now, in seconds. Default 300; 0 disables
   * the window. A genuine signature outside it (a late redelivery of the original signed
   * request, or a clock that is off) is still taken through the normal dedupe path when
   * the dedupe memory vouches that a second copy would be recognised: the store reports
   * `rememberedSince`, the callback has a dedupe key, the signature is less than
   * `dedupeTtlMs` from now, and the memory began at least one window (plus any larger
   * clock lead Sinch's signatures have shown) before the signature. Otherwise, and with
   * `dedupe: false`, it is refused (401). The receiver warns once when signature
   * timestamps show this clock is off by more than the window.
   */
  toleranceSeconds?: number;
  /** Largest accepted body, in bytes; larger ones get 413 without being buffered. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Where handled callbacks are remembered; `false` turns deduplication off. Default an in-memory store. */
  dedupe?: DedupeStore | false;
  /** How long a handled callback is remembered, in ms. Default 24 h (Sinch retries for about 23 h). */
  dedupeTtlMs?: number;
  /** How long a claim on a callback being handled lasts before another process may take over, in ms. Default 5 min. */
  dedupeLeaseMs?: number;
  /** How long a duplicate waits for the first copy's outcome before answering 500, in ms. Default 10 s. */
  duplicateWaitMs?: number;
  /**
   * How long the handlers of one callback may run before it is answered 500 and its
   * dedupe claim released, in ms, so that Sinch's next delivery is handled instead of
   * waiting on a handler that never settles. Default 30 s (or `dedupeLeaseMs` if that is
   * shorter; a larger value than `dedupeLeaseMs` is refused, as another instance could
   * then take the id over while the handler still runs). Handlers should acknowledge
   * fast and queue slow work; a healthy handler is far below this.
   *
   * A handler that times out is not stopped — JavaScript cannot stop it. If it finishes
   * successfully later, the id is remembered as handled unless a redelivery was handled
   * (or is being handled) meanwhile: then the message has run twice, and the receiver
   * logs a warning saying so. This is the one case in which a message may run twice.
   * Applies to `reconcile()` as well.
   */
  handlerTimeoutMs?: number;
  /**
   * What to answer for a callback no handler would receive (no handler for its type,
   * its group, or `'*'`); either way the receiver warns once per type through `logger`,
   * and the callback is not remembered as handled.
   * - `'acknowledge'` (default): 200, as SPEC §4 asks for types you do not handle. Sinch
   *   will not send it again; `reconcile()` can still fetch inbound messages later.
   * - `'retry'`: 500, so Sinch keeps redelivering it (for about 23 h) until a handler is
   *   registered — for apps that register handlers late, or must not miss a type.
   */
  unhandledCallbacks?: 'acknowledge' | 'retry';
  /**
   * Nonce memory for replay protection. Default a `NonceCache` (in-process, bounded).
   * Several instances share one through a shared store (`redisReplayGuard` from
   * `@sinch-inbounds/redis`); its methods may be async.
   */
  replayGuard?: ReplayGuard;
  /**
   * Longest wait for one call to the dedupe store or the replay guard, in ms. A call
   * that takes longer counts as a store failure: the callback is answered 500 (Sinch
   * retries) and the failure reported. Default 5,000.
   */
  storeTimeoutMs?: number;
  /**
   * Acknowledge fast, process durably: with a queue, an authenticated callback is
   * enqueued instead of handled in the request, and answered 200 only once `enqueue`
   * resolved (the callback is durable); 500 when it rejects or takes longer than
   * `enqueueTimeoutMs` (Sinch redelivers); 429 when the queue reports itself `full`
   * (Sinch redelivers and slows down). A callback the dedupe store remembers as handled
   * is answered as a duplicate without a job. A worker runs the jobs through
   * `receiver.process()` — on a receiver with the same handlers and dedupe store, in
   * this process or another. `@sinch-inbounds/bullmq` provides one over BullMQ.
   */
  queue?: CallbackQueue;
  /** Longest wait for `queue.enqueue()`, in ms; longer counts as a failure (500). Default `storeTimeoutMs`. */
  enqueueTimeoutMs?: number;
  /**
   * Where the receiver reports what it refuses and why. Default `defaultLogger` (console
   * info, warnings and errors; ids and types only, never a message body or number).
   */
  logger?: Logger;
  /**
   * The clock, epoch ms; for tests. Drives signature freshness, the default nonce cache
   * and the default in-memory dedupe store (a `dedupe` store you pass keeps its own clock).
   * Default `Date.now`.
   */
  now?: () => number;
}
