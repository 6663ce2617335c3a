import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { capturedRawBody, readNodeBody, type BodyReadResult, type NodeWebhookRequest } from '@sinch-inbounds/core';

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

/**
 * The bytes Nest captured: `rawBody` when the app was created with `rawBody: true` (or a
 * string/bytes `body` a custom parser left). `undefined` when there are none.
 */
export function capturedNestBody(req: NestWebhookRequest): Uint8Array | undefined {
  return capturedRawBody(req as NodeWebhookRequest);
}

/**
 * Reads the body from the Node stream under `maxBytes`. The stream is still unread when
 * Nest's JSON parser did not run (`bodyParser: false`); when it did run without keeping
 * the raw bytes, this answers `consumed`.
 */
export function readNestRequestStream(req: NestWebhookRequest, maxBytes: number): Promise<BodyReadResult> {
  return readNodeBody(req.raw ?? (req as unknown as IncomingMessage), maxBytes);
}
