import type { IncomingMessage, ServerResponse } from 'node:http';
import { reconcileChannel, webhookChannel } from '../diagnostics/channels.js';
import { traceWebhook } from '../diagnostics/trace-webhook.js';
import { traceReconcile } from '../diagnostics/trace-reconcile.js';
import { defaultLogger } from '../logging/logger.js';
import { NonceCache } from '../signature/nonce-cache.js';
import { nonNegative, positive } from './options/option-numbers.js';
import { resolveAuthentication, UNAUTHENTICATED_REQUEST_WARNING } from './options/authentication.js';
import { CallbackDispatcher, DEFAULT_HANDLER_TIMEOUT_MS } from './dispatch/callback-dispatcher.js';
import { DedupeGate } from './dedupe/dedupe-gate.js';
import type { WebhookCallbackEvent, WebhookErrorHandler, WebhookEventName, WebhookHandler } from './dispatch/events.js';
import { serveFetchRequest } from './flow/fetch-adapter.js';
import { serveWebhookRequest, wellFormed, type WebhookRequest } from './flow/handle-adapter.js';
import { RequestFlow } from './flow/serve-request.js';
import { ReplayMemory } from './freshness/replay-memory.js';
import { NonceClaims } from './freshness/nonce-claims.js';
import { HandlerRegistry } from './dispatch/handler-registry.js';
import { ErrorReporter } from './errors/error-reporter.js';
import { MemoryDedupeStore } from './dedupe/memory-dedupe-store.js';
import { respondToNodeRequest, serveNodeRequest, type NodeWebhookRequest } from './flow/node-adapter.js';
import type { WebhookReceiverOptions } from './options/options.js';
import { StoreHealth } from './stores/store-health.js';
import { ClockSkewMonitor } from './freshness/clock-skew.js';
import { LateRedeliveryVoucher } from './freshness/late-redelivery.js';
import { reconcile } from './reconcile/reconcile.js';
import type { ReconcileOptions, ReconcileSource } from './reconcile/reconcile-options.js';
import type { ReconcileReport } from './reconcile/reconcile-report.js';
import type { WebhookResponse } from './http/response.js';
import type { QueuedCallback } from './queue/callback-queue.js';
import type { ProcessOptions, ProcessOutcome } from './queue/process-outcome.js';
import { queueIntakeOf } from './options/queue-intake-of.js';
import { QueuedCallbackRunner } from './queue/queued-callback-runner.js';

export type { WebhookRequest } from './flow/handle-adapter.js';

/**
 * Receives Sinch callbacks: verifies, parses and deduplicates them, hands each to the
 * handlers registered with `on()`, and answers with the status that makes Sinch do the
 * right thing (SPEC §4). Mount it with `handle`, `fetch`, `node` or a framework adapter.
 */
export interface WebhookReceiver {
  /**
   * Registers a handler for a callback `type`, a group (`'inbound'`,
   * `'delivery_report'`, `'unknown'`), every callback (`'*'`), or `'error'`.
   * Returns a function that removes it.
   */
  on<E extends WebhookCallbackEvent>(event: E, handler: WebhookHandler<E>): () => void;
  /** Registers a handler of receiver errors (parse failures, handler failures, store failures, misconfiguration). */
  on(event: 'error', handler: WebhookErrorHandler): () => void;
  /**
   * Handles a request whose raw body is already in hand. Never throws: a missing or
   * non-string `method` is answered 405, missing or non-object `headers` count as none
   * (415, as there is no JSON content type), a body that is not raw bytes or text 500
   * with a message naming the fix.
   */
  handle(request: WebhookRequest): Promise<WebhookResponse>;
  /** Handles a web-standard `Request`, reading its body under `maxBodyBytes`. Never rejects. */
  fetch(request: Request): Promise<Response>;
  /**
   * Handles a Node `http` request and writes the response; uses a raw body a framework
   * already captured (`req.rawBody`, or a string/bytes `req.body`), else reads the
   * stream under `maxBodyBytes`. Never rejects.
   */
  node(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /**
   * Like {@link WebhookReceiver.node}, but returns the response instead of writing it,
   * for frameworks that write responses themselves (NestJS, Fastify). `captured` is a
   * raw body the framework kept outside the Node request (e.g. Fastify's
   * `request.rawBody`). Resolves `undefined` when the client went away mid-body, and
   * never rejects.
   */
  handleNode(req: IncomingMessage, captured?: unknown): Promise<WebhookResponse | undefined>;
  /**
   * Reads the inbounds API back over a window and hands every message to the same
   * handlers, through the same dedupe store under the same keys, as the webhook path.
   * Whatever webhooks missed — the app was down longer than Sinch retries (about 23 h),
   * a callback was answered 4xx and dropped, a handler failed for good — is handled now;
   * what they brought already is a duplicate and skipped; a message arriving by webhook
   * while the run is on it is handled once; two runs at once (two instances on a shared
   * store) handle each message once.
   *
   * `source` is an `InboundsClient` (or Nest's `SinchInboundsService`): its `iterate`
   * pages with retries and never yields an id twice. Messages are dispatched one at a
   * time, newest first, with `context.source === 'reconcile'`. An item of a type this
   * library does not know goes to `'unknown'` and `'*'` handlers as on the webhook path;
   * an item that cannot be read is counted as `unreadable` and reported to `'error'`
   * handlers (a `WebhookPayloadError` with `source: 'reconcile'`).
   *
   * A handler that throws, or does not settle within `handlerTimeoutMs`, is counted as
   * `failed` (its id in `failedIds`) and reported to `'error'` handlers as on the webhook
   * path; the run goes on, and the next run retries it. A type no handler is registered
   * for is counted as `unhandled` and not remembered, as on the webhook path.
   *
   * With the `queue` option, messages not seen before are queued rather than handled in
   * the run (counted as `queued`; a worker handles them through `process()`), and a
   * queue that is full or fails defers them to the next run.
   *
   * The inbounds API lists MO messages (`mo_text`, `mo_binary`, `mo_media`) only:
   * delivery reports cannot be read back, so a delivery report a webhook missed stays missed.
   *
   * @returns the run's {@link ReconcileReport}.
   * @throws {TypeError} / {RangeError} (as a rejection) for an invalid `source`, `since` or `until`.
   * @throws {ReconcileError} when reading the API fails after the client's retries; `.report` counts what was done.
   * @throws `signal.reason` when aborted, once no claim of this run is held any more.
   */
  reconcile(source: ReconcileSource, options: ReconcileOptions): Promise<ReconcileReport>;
  /**
   * Runs one callback a `queue` took (see the `queue` option) through this receiver's
   * handlers, dedupe store, handler timeout, diagnostics and `'error'` handlers — the
   * same steps as the inline path, so a message reaches the handlers once however many
   * jobs or runs it gets. Call it from a queue's worker (`startSinchWorker` from
   * `@sinch-inbounds/bullmq` does), on a receiver with the same handlers and dedupe
   * store as the web side; it runs inline whether this receiver has a `queue` or not.
   *
   * Resolves when nothing is left to do: `handled`, a `duplicate` of a callback handled
   * before (a second job, or a re-run of a job whose handlers succeeded before the
   * worker died), or `unhandled` (no handler, `unhandledCallbacks: 'acknowledge'`).
   * Rejects with a {@link QueuedCallbackError} whenever the inline path would have
   * answered 500 — a handler threw or timed out, the dedupe store failed, no handler
   * under `unhandledCallbacks: 'retry'` — so the queue retries the job and, once its
   * attempts are spent, keeps it as a dead letter. `reason: 'invalid_payload'` (the
   * job's data is not a callback this version can read) cannot succeed on a retry.
   *
   * `options` (this run's attempt and the queue's limit) only feed the
   * `sinch-inbounds:queue:job` diagnostic, which says whether a failure is retried or
   * dead-lettered.
   */
  process(queued: QueuedCallback, options?: ProcessOptions): Promise<ProcessOutcome>;
  /** The largest body accepted, in bytes (the resolved `maxBodyBytes`). */
  readonly maxBodyBytes: number;
}

const MIB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Creates a {@link WebhookReceiver}. Throws at creation, so a misconfiguration shows at
 * start-up, not on the first SMS: a `WebhookConfigurationError` when there is no
 * `secret` and no `basicAuth` (unless `dangerouslyAllowUnauthenticated: true`), a
 * `TypeError`/`RangeError` for an invalid option.
 */
export function createWebhookReceiver(options: WebhookReceiverOptions = {}): WebhookReceiver {
  const logger = options.logger ?? defaultLogger;
  const now = options.now ?? Date.now;
  const { secrets, basicAuth, unauthenticated } = resolveAuthentication(options, logger);
  const toleranceSeconds = nonNegative('toleranceSeconds', options.toleranceSeconds, 300);
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, MIB);
  const registry = new HandlerRegistry();
  const reporter = new ErrorReporter(logger);
  const storeTimeoutMs = positive('storeTimeoutMs', options.storeTimeoutMs, 5000);
  const store = options.dedupe === false ? undefined : (options.dedupe ?? new MemoryDedupeStore({ now }));
  const leaseMs = positive('dedupeLeaseMs', options.dedupeLeaseMs, 5 * 60 * 1000);
  const dedupeTtlMs = store === undefined ? undefined : positive('dedupeTtlMs', options.dedupeTtlMs, DAY_MS);
  const dedupeHealth = new StoreHealth('dedupe store', logger, now);
  const gate =
    store === undefined
      ? undefined
      : new DedupeGate(store, {
          ttlMs: dedupeTtlMs ?? DAY_MS,
          leaseMs,
          waitMs: nonNegative('duplicateWaitMs', options.duplicateWaitMs, 10_000),
          storeTimeoutMs,
          health: dedupeHealth,
        });
  if (store !== undefined && typeof store.rememberedSince === 'function') {
    // A shared store writes its memory marker the first time it is asked. Asking now makes
    // the memory count from start-up, not from the first late redelivery (which it could
    // then not vouch for). Only a warm-up: a failure here is the store's to report later.
    const warmUp = store.rememberedSince.bind(store);
    void Promise.resolve()
      .then(warmUp)
      .catch(() => undefined);
  }
  const handlerTimeoutMs = positive('handlerTimeoutMs', options.handlerTimeoutMs, Math.min(DEFAULT_HANDLER_TIMEOUT_MS, leaseMs));
  if (store !== undefined && handlerTimeoutMs > leaseMs) {
    throw new RangeError(
      'createWebhookReceiver: handlerTimeoutMs must not exceed dedupeLeaseMs, or another instance may take a callback over while its handler still runs',
    );
  }
  const unhandled = options.unhandledCallbacks ?? 'acknowledge';
  if (unhandled !== 'acknowledge' && unhandled !== 'retry') {
    throw new TypeError(`createWebhookReceiver: unhandledCallbacks must be 'acknowledge' or 'retry', got ${JSON.stringify(unhandled)}`);
  }
  const skew = new ClockSkewMonitor(logger, toleranceSeconds * 1000);
  const dispatcher = new CallbackDispatcher(gate, registry, reporter, logger, { unhandled, handlerTimeoutMs });
  const intake = queueIntakeOf(options, { store, storeTimeoutMs, dedupeHealth, reporter, logger, now });
  const replayGuard = options.replayGuard ?? new NonceCache();
  const flow = new RequestFlow({
    secrets,
    basicAuth,
    toleranceSeconds,
    maxBodyBytes,
    dispatcher,
    replay: new ReplayMemory(replayGuard, storeTimeoutMs, new StoreHealth('replay guard', logger, now), reporter),
    // A queue's intake claims nothing on the web side: only the inline path claims with the nonce.
    nonceClaims: gate === undefined || intake !== undefined ? undefined : NonceClaims.of(store, replayGuard, leaseMs, storeTimeoutMs, dedupeHealth),
    reporter,
    logger,
    now,
    skew,
    voucher: gate === undefined ? undefined : new LateRedeliveryVoucher(gate, skew, toleranceSeconds * 1000),
    intake,
  });
  const runner = new QueuedCallbackRunner(dispatcher, logger);

  // With the opt-out, the first request served says so once more: the warning at
  // creation may be long scrolled away by then.
  let unannounced = unauthenticated;
  const announce = (): void => {
    unannounced = false;
    logger.warn(UNAUTHENTICATED_REQUEST_WARNING);
  };

  return {
    on(event: WebhookEventName, handler: WebhookHandler<WebhookCallbackEvent> | WebhookErrorHandler): () => void {
      if (event === 'error') return reporter.add(handler as WebhookErrorHandler);
      return registry.add(event, handler as Parameters<HandlerRegistry['add']>[1]);
    },
    // Each entry point checks for subscribers first, so without any nothing is traced or allocated.
    handle(given: WebhookRequest): Promise<WebhookResponse> {
      if (unannounced) announce();
      const request = wellFormed(given);
      if (!webhookChannel.hasSubscribers) return serveWebhookRequest(flow, request, undefined);
      return traceWebhook(request.method, (d) => serveWebhookRequest(flow, request, d));
    },
    fetch(request: Request): Promise<Response> {
      if (unannounced) announce();
      if (!webhookChannel.hasSubscribers) return serveFetchRequest(flow, request);
      return traceWebhook(request.method, (d) => serveFetchRequest(flow, request, d));
    },
    async node(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (unannounced) announce();
      if (!webhookChannel.hasSubscribers) await serveNodeRequest(flow, req as NodeWebhookRequest, res);
      else await traceWebhook(req.method, (d) => serveNodeRequest(flow, req as NodeWebhookRequest, res, d));
    },
    handleNode(req: IncomingMessage, captured?: unknown): Promise<WebhookResponse | undefined> {
      if (unannounced) announce();
      if (!webhookChannel.hasSubscribers) return respondToNodeRequest(flow, req as NodeWebhookRequest, captured);
      return traceWebhook(req.method, (d) => respondToNodeRequest(flow, req as NodeWebhookRequest, captured, d));
    },
    reconcile(source: ReconcileSource, options: ReconcileOptions): Promise<ReconcileReport> {
      const run = () => reconcile({ dispatcher, intake, logger, dedupeTtlMs, now: Date.now }, source, options);
      return reconcileChannel.hasSubscribers ? traceReconcile(run) : run();
    },
    process(queued: QueuedCallback, options?: ProcessOptions): Promise<ProcessOutcome> {
      return runner.process(queued, options);
    },
    maxBodyBytes,
  };
}

/**
 * A plain `node:http` request listener for a receiver:
 * `http.createServer(createNodeHandler(receiver))`.
 */
export function createNodeHandler(receiver: WebhookReceiver): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void receiver.node(req, res);
  };
}
