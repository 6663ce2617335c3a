import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookDiagnostic } from '../diagnostics/webhook-diagnostic.js';
import { platformBytes } from '../platform/bytes.js';
import { readNodeBody } from './node-body.js';
import type { WebhookPipeline } from './pipeline.js';
import { RAW_BODY_MISSING_MESSAGE, rawBodyMissingMessage } from './raw-body-missing.js';
import { webhookResponse, type WebhookResponse } from './response.js';
import { writeNodeResponse } from './node-response.js';

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
  return rawBytes(captured) ?? rawBytes(req.rawBody) ?? rawBytes(req.body);
}

function rawBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return platformBytes.encodeUtf8(value);
  return undefined;
}

/**
 * Serves one Node request with the pipeline: refuses early what it can, takes a body a
 * framework captured or reads it under the byte limit, and writes the response.
 * Resolves to the response meant for the client (written unless it is gone). Never rejects.
 */
export function serveNodeRequest(
  pipeline: WebhookPipeline,
  req: NodeWebhookRequest,
  res: ServerResponse,
  diagnostic?: WebhookDiagnostic,
): Promise<WebhookResponse> {
  return respondToNodeRequest(pipeline, req, undefined, diagnostic, rawBodyMissingMessage).then((answer) => {
    const response = answer ?? webhookResponse('bad_request');
    // The client may be gone, or a framework may already have answered.
    if (!(res.headersSent || res.writableEnded || res.destroyed)) writeNodeResponse(res, response);
    return response;
  });
}

/**
 * The response to one Node request, without writing it: refuses early what it can,
 * takes a body the framework captured or reads the stream under the byte limit.
 * `undefined` when the client went away mid-body. Never rejects.
 *
 * `consumedMessage` names the fix when a body parser consumed the stream. `node()` (Express,
 * plain Node) passes one that looks where the parser ran; `handleNode()` serves frameworks
 * with their own raw-body switch (NestJS, Fastify), for which the general message, NestJS
 * first, is the right one.
 *
 * Chained rather than `async`: every step it calls already never rejects, so a callback
 * pays for no frame or catch of its own here.
 */
export function respondToNodeRequest(
  pipeline: WebhookPipeline,
  req: NodeWebhookRequest,
  captured?: unknown,
  diagnostic?: WebhookDiagnostic,
  consumedMessage: (req: NodeWebhookRequest) => string = () => RAW_BODY_MISSING_MESSAGE,
): Promise<WebhookResponse | undefined> {
  try {
    const early = pipeline.precheck(req.method, req.headers);
    if (early !== undefined) return Promise.resolve(early);
    const bytes = capturedRawBody(req, captured);
    if (bytes !== undefined) return pipeline.accept(req.headers, bytes, diagnostic);
    return readNodeBody(req, pipeline.maxBodyBytes).then(
      (read) =>
        // Only here is the request at hand that shows where the parser ran, and so which fix works.
        read.kind === 'consumed' ? pipeline.misconfigured(consumedMessage(req), diagnostic) : pipeline.acceptRead(req.headers, read, diagnostic),
      () => webhookResponse('internal_error'),
    );
  } catch {
    return Promise.resolve(webhookResponse('internal_error'));
  }
}
