import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { WebhookReceiver, WebhookResponse } from '@sinch-inbounds/core';
import { startReconcile, type SinchReconcilePluginOptions } from './reconcile.js';

/** The route every README and example points Sinch at. */
export const DEFAULT_WEBHOOK_PATH = '/sinch/callbacks';

/** Options of {@link sinchWebhook}. */
export interface SinchWebhookOptions {
  /** Core's receiver, with your handlers: `createWebhookReceiver({ secret })`. */
  receiver: WebhookReceiver;
  /** Route of the webhook, under the plugin's `prefix` if you give one (default `'/sinch/callbacks'`). */
  path?: string;
  /**
   * Reconcile on a schedule (core's `scheduleReconcile`): from the moment the app
   * listens until it closes, read the inbounds API back and hand what webhooks missed
   * to the same handlers, each message once. Off by default.
   */
  reconcile?: SinchReconcilePluginOptions;
}

// Every method reaches the route, so that a GET gets the contract's 405, not a 404.
const METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'];

async function register(app: FastifyInstance, options: SinchWebhookOptions): Promise<void> {
  const receiver = receiverOf(options);
  const path = options.path ?? DEFAULT_WEBHOOK_PATH;
  if (typeof path !== 'string') throw new TypeError(`@sinch-inbounds/fastify: path must be a string, got ${typeof path}`);

  // This plugin is its own encapsulated context: what follows applies to its route only,
  // and the app's other routes keep their parsers. No parser of the app's (JSON,
  // @fastify/formbody, a global catch-all) may read the body — the receiver needs the
  // exact bytes Sinch signed and reads the stream itself, under its own byte limit, and
  // refuses what is not JSON with its own 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', leaveBodyUnread);

  app.route({
    method: METHODS,
    url: path,
    // No Fastify body limit on this route: the receiver enforces maxBodyBytes as it reads.
    handler: (request: FastifyRequest, reply: FastifyReply) =>
      // A rawBody plugin may have kept the bytes (`request.rawBody`); else the receiver reads `request.raw`.
      receiver.handleNode(request.raw, (request as FastifyRequest & { rawBody?: unknown }).rawBody).then((response) => {
        // `undefined`: the client went away mid-body; there is nobody to answer.
        if (response === undefined) return reply.hijack();
        return respond(reply, response);
      }),
  });

  if (options.reconcile !== undefined) startReconcile(app, receiver, options.reconcile);
}

function respond(reply: FastifyReply, response: WebhookResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers).send(response.body);
}

function leaveBodyUnread(_request: FastifyRequest, _payload: unknown, done: (error: Error | null, body?: unknown) => void): void {
  done(null);
}

function receiverOf(options: SinchWebhookOptions): WebhookReceiver {
  const receiver = (options as Partial<SinchWebhookOptions> | undefined)?.receiver;
  if (receiver === undefined || typeof receiver.handleNode !== 'function') {
    throw new TypeError(
      '@sinch-inbounds/fastify: give the plugin a receiver — app.register(sinchWebhook, { receiver: createWebhookReceiver({ secret }) })',
    );
  }
  return receiver;
}

/**
 * The Fastify plugin that receives Sinch callbacks:
 * `app.register(sinchWebhook, { receiver, path? })`. Everything — raw body, limits,
 * status codes, verification, parsing, dedupe — is the core receiver's; the plugin
 * routes every method at `path` to it, keeps every body parser off that one route, and
 * answers through Fastify's reply (so the app's `onSend` and `onResponse` hooks and its
 * logging see the answer).
 *
 * It stays encapsulated (`fastify-plugin` with `encapsulate: true`): its parser applies
 * to its own route only, never to the app's other routes. The app's hooks and error
 * handler still apply to it, as to any route.
 */
export const sinchWebhook: FastifyPluginAsync<SinchWebhookOptions> = fastifyPlugin(register, {
  fastify: '4.x || 5.x',
  name: '@sinch-inbounds/fastify',
  encapsulate: true,
});
