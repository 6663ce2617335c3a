import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { ReconcileReport, SinchWebhookMiddleware } from '@sinch-inbounds/express';
import {
  INBOX_ASSETS_DIR,
  isUpstreamFailure,
  QUEUE_DASHBOARD_PATH,
  readTestSms,
  renderInboxPage,
  sendReply,
  summariseReconcile,
  WEBHOOK_PATH,
  type DemoTelemetry,
  type InboxStore,
  type QueuePanel,
  type ReplyDesk,
  type TestSms,
} from '@sinch-inbounds/demo-kit';
import type { SseChannel } from '../inbox/sse-channel.js';

/** What the HTTP layer needs; `sendTestSms` only in simulator mode. */
export interface InboxAppOptions {
  /** Which backend runs; the page shows the send form on the simulator only. */
  mode: 'simulator' | 'sinch';
  /** The verified Sinch webhook, mounted at `WEBHOOK_PATH` (`/sinch/callbacks`). */
  webhook: SinchWebhookMiddleware;
  /** What the page lists. */
  store: InboxStore;
  /** The live stream to open pages (fed by the store's `onAdded`). */
  events: SseChannel;
  /** `receiver.reconcile()` over the last 23 h: what webhooks missed reaches the webhook's handlers. */
  backfill: () => Promise<ReconcileReport>;
  /** Stores a message in the simulator, which then delivers it; resolves with its id. */
  sendTestSms?: (sms: TestSms) => Promise<string>;
  /** Webhook outcome counts for the page, and `/metrics` for Prometheus. */
  telemetry: DemoTelemetry;
  /** Replies: the client to send them, the inbox they answer, the store that follows their delivery. */
  replies: ReplyDesk;
  /** When the inbox runs queued (`REDIS_URL`): the page's queue panel, and Bull Board mounted at `/queues`. */
  queue?: { panel: QueuePanel; dashboard: RequestHandler };
}

const NOT_QUEUED = 'the inbox runs queued only with REDIS_URL set';

/**
 * The inbox: the page at `/`, its JSON API under `/api`, and the Sinch webhook. The
 * webhook is mounted with no body parser in front of it, as signature checks need the
 * raw bytes; `express.json()` is used on `/api/send` only.
 */
export function createInboxApp(options: InboxAppOptions): Express {
  const { store, events } = options;
  const app = express();
  app.disable('x-powered-by');

  // Every method, so that a GET gets the receiver's 405 rather than Express's 404.
  app.all(WEBHOOK_PATH, options.webhook);
  // The page names the framework; its scripts, styles and picture are the kit's files.
  const page = renderInboxPage({ framework: 'Express', queued: options.queue !== undefined });
  app.get('/', (_req, res) => res.type('html').send(page));
  app.use(express.static(INBOX_ASSETS_DIR, { index: false }));

  app.get('/api/messages', (_req, res) => {
    res.json({ mode: options.mode, messages: store.list(), replies: options.replies.replies.list() });
  });

  app.get('/api/events', (req, res) => events.open(req, res));

  app.get('/api/outcomes', (_req, res) => {
    res.json(options.telemetry.outcomes.snapshot());
  });

  app.get('/metrics', (req, res) => options.telemetry.serveMetrics(req, res));

  app.get('/api/queue', async (_req, res) => {
    if (options.queue === undefined) res.status(404).json({ error: NOT_QUEUED });
    else res.json(await options.queue.panel.read());
  });

  app.post('/api/queue/slow-handler', express.json({ limit: '1kb' }), (req, res) => {
    if (options.queue === undefined) {
      res.status(404).json({ error: NOT_QUEUED });
      return;
    }
    const state = options.queue.panel.setSlowHandler(req.body);
    if (typeof state === 'string') res.status(400).json({ error: state });
    else res.json(state);
  });

  if (options.queue !== undefined) app.use(QUEUE_DASHBOARD_PATH, options.queue.dashboard);

  app.post('/api/backfill', async (_req, res) => {
    // New messages reach the store through the receiver's handler, and every open page
    // through the store's listener; this answer is the run's report.
    const report = await options.backfill();
    res.json({ ...report, summary: summariseReconcile(report) });
  });

  app.post('/api/reply', express.json({ limit: '16kb' }), async (req, res) => {
    const result = await sendReply(options.replies, req.body);
    if (result.ok) res.status(201).json(result.reply);
    else res.status(result.status).json({ error: result.error });
  });

  app.post('/api/send', express.json({ limit: '16kb' }), async (req, res) => {
    if (options.sendTestSms === undefined) {
      res.status(404).json({ error: 'test SMS can only be sent in simulator mode' });
      return;
    }
    const sms = readTestSms(req.body);
    if (typeof sms === 'string') {
      res.status(400).json({ error: sms });
      return;
    }
    res.status(202).json({ id: await options.sendTestSms(sms) });
  });

  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    // Sinch (or the network to it) failed, not this app: 502, with the client's explanation.
    const status = isUpstreamFailure(error) ? 502 : ((error as { status?: number }).status ?? 500);
    const message = error instanceof Error ? error.message : String(error);
    if (status >= 500) console.error('[inbox]', error);
    res.status(status).json({ error: message });
  });
  return app;
}
