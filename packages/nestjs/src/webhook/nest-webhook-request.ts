import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * The request object a Nest controller gets, on either platform: an Express request
 * (itself a Node `IncomingMessage`) or a Fastify request (the Node one is `raw`).
 * `rawBody` is set by Nest when the app was created with `rawBody: true`.
 */
export interface NestWebhookRequest {
  method: string;
  headers: IncomingHttpHeaders;
  rawBody?: unknown;
  body?: unknown;
  raw?: IncomingMessage;
}
