import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookDiagnostic } from '../diagnostics/webhook-diagnostic.js';
import { platformBytes } from '../platform/bytes.js';
import { readNodeBody } from './node-body.js';
import type { WebhookPipeline } from './pipeline.js';
import { webhookResponse, type WebhookResponse } from './response.js';

/**
 * A Node request as frameworks hand it over: possibly with a raw body an earlier
 * middleware kept (`rawBody`, as NestJS's `{ rawBody: true }` or a `verify` hook does)
 * or a `body` that `express.raw()` / `express.text()` already read.
 */
export type NodeWebhookRequest = IncomingMessage & { rawBody?: unknown; body?: unknown };

/**
 * The body bytes a framework already captured, when it did: `captured` (what the
 * framework keeps elsewhere, e.g. Fastify's `request.rawBody`), then `rawBody`, then a
 * string or bytes `body`; values that are not bytes or text (a parsed object) are skipped. `undefined` when the stream must be read.
 */
export function capturedRawBody(req: NodeWebhookRequest, captured?: unknown): Uint8Array | undefined {
  for (const value of [captured, req.rawBody, req.body]) {
    if (value instanceof Uint8Array) return value;
    if (typeof value === 'string') return platformBytes.encodeUtf8(value);
  }
  return undefined;
}

/**
 * Serves one Node request with the pipeline: refuses early what it can, takes a body a
 * framework captured or reads it under the byte limit, and writes the response.
 * Resolves to the response meant for the client (written unless it is gone). Never rejects.
 */
export async function serveNodeRequest(
  pipeline: WebhookPipeline,
  req: NodeWebhookRequest,
  res: ServerResponse,
  diagnostic?: WebhookDiagnostic,
): Promise<WebhookResponse> {
  const response = (await respondToNodeRequest(pipeline, req, undefined, diagnostic)) ?? webhookResponse('bad_request');
  // The client may be gone, or a framework may already have answered.
  if (res.headersSent || res.writableEnded || res.destroyed) return response;
  res.writeHead(response.status, response.headers);
  res.end(response.body);
  return response;
}

/**
 * The response to one Node request, without writing it: refuses early what it can,
 * takes a body the framework captured or reads the stream under the byte limit.
 * `undefined` when the client went away mid-body. Never rejects.
 */
export async function respondToNodeRequest(
  pipeline: WebhookPipeline,
  req: NodeWebhookRequest,
  captured?: unknown,
  diagnostic?: WebhookDiagnostic,
): Promise<WebhookResponse | undefined> {
  try {
    return await respond(pipeline, req, captured, diagnostic);
  } catch {
    return webhookResponse('internal_error');
  }
}

async function respond(
  pipeline: WebhookPipeline,
  req: NodeWebhookRequest,
  captured: unknown,
  diagnostic: WebhookDiagnostic | undefined,
): Promise<WebhookResponse | undefined> {
  const early = pipeline.precheck(req.method, req.headers);
  if (early !== undefined) return early;
  const bytes = capturedRawBody(req, captured);
  if (bytes !== undefined) return pipeline.accept(req.headers, bytes, diagnostic);
  return pipeline.acceptRead(req.headers, await readNodeBody(req, pipeline.maxBodyBytes), diagnostic);
}
