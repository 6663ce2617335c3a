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
 * The exact bytes of the request body: what Nest captured (`rawBody: true`) when it
 * did, else read from the Node stream under `maxBytes` — the stream is still unread
 * when Nest's JSON parser did not run (`bodyParser: false`, or a non-JSON type).
 */
export function readNestRequestBody(req: NestWebhookRequest, maxBytes: number): Promise<BodyReadResult> {
  const captured = capturedRawBody(req as NodeWebhookRequest);
  if (captured !== undefined) return Promise.resolve({ kind: 'body', body: captured });
  return readNodeBody(req.raw ?? (req as unknown as IncomingMessage), maxBytes);
}
