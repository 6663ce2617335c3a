import type { IncomingMessage, ServerResponse } from 'node:http';
import { createWebhookReceiver, type WebhookReceiver, type WebhookReceiverOptions } from '@sinch-inbounds/core';

/**
 * An Express request handler (Express 4 and 5). Typed structurally over Node's request
 * and response so the package needs no `@types/express`; it is assignable wherever
 * Express expects a `RequestHandler`.
 */
export type SinchWebhookMiddleware = ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void) & {
  /** The receiver behind the middleware: register handlers with `.receiver.on(...)`. */
  readonly receiver: WebhookReceiver;
};

/**
 * Express middleware that receives Sinch callbacks for a route:
 * `app.all('/sinch/callbacks', sinchWebhook(receiver))` (`all`, so that other methods
 * get the receiver's 405). Everything — raw body, limits, status codes, verification,
 * parsing, dedupe — is the core receiver's; this only hands Express's request and
 * response to it. Mount it before `express.json()`, or keep the raw body (`req.rawBody`
 * via `express.json({ verify })`, or `express.raw({ type: 'application/json' })` on a
 * route no JSON parser ran before).
 *
 * @throws {WebhookConfigurationError} when given options without a `secret` or
 * `basicAuth` (and without `dangerouslyAllowUnauthenticated: true`), at once, so the
 * app does not start with a webhook anyone could post to.
 */
export function sinchWebhook(receiverOrOptions: WebhookReceiver | WebhookReceiverOptions = {}): SinchWebhookMiddleware {
  const receiver = isReceiver(receiverOrOptions) ? receiverOrOptions : createWebhookReceiver(receiverOrOptions);
  const middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    // receiver.node() never rejects; the catch only guards against a future regression.
    receiver.node(req, res).catch(next);
  };
  return Object.assign(middleware, { receiver });
}

function isReceiver(value: WebhookReceiver | WebhookReceiverOptions): value is WebhookReceiver {
  return typeof (value as WebhookReceiver).node === 'function' && typeof (value as WebhookReceiver).on === 'function';
}
