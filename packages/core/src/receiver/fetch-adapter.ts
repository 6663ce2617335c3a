import type { WebhookPipeline } from './pipeline.js';
import { RAW_BODY_MISSING_MESSAGE } from './raw-body-missing.js';
import { webhookResponse, type WebhookResponse } from './response.js';
import { readWebBody } from './web-body.js';

/** Serves a web-standard `Request` (Hono, Next.js route handlers, Bun, Deno…). Never rejects. */
export async function serveFetchRequest(pipeline: WebhookPipeline, request: Request): Promise<Response> {
  let response: WebhookResponse;
  try {
    response = await respond(pipeline, request);
  } catch {
    response = webhookResponse('internal_error');
  }
  return new Response(response.body, { status: response.status, headers: response.headers });
}

async function respond(pipeline: WebhookPipeline, request: Request): Promise<WebhookResponse> {
  const early = pipeline.precheck(request.method, request.headers);
  if (early !== undefined) return early;
  const read = await readWebBody(request, pipeline.maxBodyBytes);
  switch (read.kind) {
    case 'body':
      return pipeline.accept(request.headers, read.body);
    case 'too_large':
      return webhookResponse('payload_too_large');
    case 'consumed':
      return pipeline.misconfigured(RAW_BODY_MISSING_MESSAGE);
    case 'aborted':
      // The client is gone; whatever is answered is not read.
      return webhookResponse('bad_request');
  }
}
