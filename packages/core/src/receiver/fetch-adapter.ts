import type { WebhookPipeline } from './pipeline.js';
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
  // A client gone mid-body gets an answer nobody reads; a Response is still owed.
  return (await pipeline.acceptRead(request.headers, await readWebBody(request, pipeline.maxBodyBytes))) ?? webhookResponse('bad_request');
}
