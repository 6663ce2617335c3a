import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { SinchApiError, SinchAuthError, SinchNetworkError, SinchTimeoutError, type InboundMessage, type SinchWebhookMiddleware } from '@sinch-inbounds/express';
import type { InboxStore } from '../inbox/inbox-store.js';
import type { SseChannel } from '../inbox/sse-channel.js';

/** Where Sinch (or the simulator) posts callbacks. */
export const WEBHOOK_PATH = '/sinch/callbacks';

/** A test SMS the page asks the simulator to send. */
export interface TestSms {
  /** The sender's number. */
  from: string;
  /** The Sinch number it is sent to. */
  to: string;
  /** The text. */
  body: string;
}

/** What the HTTP layer needs; `sendTestSms` only in simulator mode. */
export interface InboxAppOptions {
  /** Which backend runs; the page shows the send form on the simulator only. */
  mode: 'simulator' | 'sinch';
  /** The verified Sinch webhook, mounted at {@link WEBHOOK_PATH}. */
  webhook: SinchWebhookMiddleware;
  /** What the page lists. */
  store: InboxStore;
  /** The live stream to open pages. */
  events: SseChannel;
  /** The last 24 h from the inbounds REST API. */
  backfill: () => Promise<InboundMessage[]>;
  /** Stores a message in the simulator, which then delivers it; resolves with its id. */
  sendTestSms?: (sms: TestSms) => Promise<string>;
  /** Called with each message a backfill added, after it is stored and broadcast. */
  onBackfilled?: (message: InboundMessage) => void;
}

// The page lives next to dist/ (apps/express-demo/public), served as plain files.
const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
const MAX_SMS_LENGTH = 1600;

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
  app.use(express.static(PUBLIC_DIR));

  app.get('/api/messages', (_req, res) => {
    res.json({ mode: options.mode, messages: store.list() });
  });

  app.get('/api/events', (req, res) => events.open(req, res));

  app.post('/api/backfill', async (_req, res) => {
    const messages = await options.backfill();
    let added = 0;
    for (const message of messages) {
      if (!store.add(message)) continue;
      added++;
      // Every open page gets it, not only the one that asked.
      events.send('inbound', message);
      options.onBackfilled?.(message);
    }
    res.json({ added, messages });
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
    const upstream = [SinchApiError, SinchAuthError, SinchNetworkError, SinchTimeoutError].some((type) => error instanceof type);
    const status = upstream ? 502 : ((error as { status?: number }).status ?? 500);
    const message = error instanceof Error ? error.message : String(error);
    if (status >= 500) console.error('[inbox]', error);
    res.status(status).json({ error: message });
  });
  return app;
}

/** The test SMS in a request body, or why it is not one. */
function readTestSms(body: unknown): TestSms | string {
  if (body === null || typeof body !== 'object') return 'send a JSON object { from, to, body }';
  const { from, to, body: text } = body as Record<string, unknown>;
  for (const [name, value] of Object.entries({ from, to, body: text })) {
    if (typeof value !== 'string' || value.trim() === '') return `${name} must be a non-empty string`;
  }
  if ((text as string).length > MAX_SMS_LENGTH) return `body must be at most ${MAX_SMS_LENGTH} characters`;
  return { from: (from as string).trim(), to: (to as string).trim(), body: text as string };
}
