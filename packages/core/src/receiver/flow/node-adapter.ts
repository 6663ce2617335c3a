import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookDiagnostic } from '../../diagnostics/webhook-diagnostic.js';
import { readNodeBody } from '../http/node-body.js';
import { writeNodeResponse } from '../http/node-response.js';
import { rawBodyBytes } from '../http/raw-body-bytes.js';
import { RAW_BODY_MISSING_MESSAGE, rawBodyMissingMessage } from '../http/raw-body-missing.js';
import { webhookResponse, type WebhookResponse } from '../http/response.js';
import type { RequestFlow } from './serve-request.js';

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
  return rawBodyBytes(captured) ?? rawBodyBytes(req.rawBody) ?? rawBodyBytes(req.body);
}

/**
 * Serves one Node request and writes the response. Resolves to the response meant for
 * the client (written unless it is gone). Never rejects.
 */
export function serveNodeRequest(flow: RequestFlow, req: NodeWebhookRequest, res: ServerResponse, diagnostic?: WebhookDiagnostic): Promise<WebhookResponse> {
  return respondToNodeRequest(flow, req, undefined, diagnostic, rawBodyMissingMessage).then((answer) => {
    const response = answer ?? webhookResponse('bad_request');
    // The client may be gone, or a framework may already have answered.
    if (!(res.headersSent || res.writableEnded || res.destroyed)) writeNodeResponse(res, response);
    return response;
  });
}

/**
 * The response to one Node request, without writing it: takes a body the framework
 * captured, else reads the stream under the byte limit. `undefined` when the client went
 * away mid-body. Never rejects.
 *
 * `consumedMessage` names the fix when a body parser consumed the stream. `node()` (Express,
 * plain Node) passes one that looks where the parser ran; `handleNode()` serves frameworks
 * with their own raw-body switch (NestJS, Fastify), for which the general message, NestJS
 * first, is the right one.
 */
export function respondToNodeRequest(
  flow: RequestFlow,
  req: NodeWebhookRequest,
  captured?: unknown,
  diagnostic?: WebhookDiagnostic,
  consumedMessage: (req: NodeWebhookRequest) => string = () => RAW_BODY_MISSING_MESSAGE,
): Promise<WebhookResponse | undefined> {
  try {
    return flow.serve(
      {
        method: req.method,
        headers: req.headers,
        readBody: () => {
          const body = capturedRawBody(req, captured);
          return body === undefined ? readNodeBody(req, flow.maxBodyBytes) : { kind: 'body', body };
        },
        // Only here is the request at hand that shows where the parser ran, and so which fix works.
        consumedMessage: () => consumedMessage(req),
      },
      diagnostic,
    );
  } catch {
    return Promise.resolve(webhookResponse('internal_error'));
  }
}
