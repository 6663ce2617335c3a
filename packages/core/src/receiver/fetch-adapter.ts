import type { WebhookDiagnostic } from '../diagnostics/webhook-diagnostic.js';
import type { WebhookPipeline } from './pipeline.js';
import { webhookResponse, type WebhookResponse } from './response.js';
import { readWebBody } from './web-body.js';

/** Serves a web-standard `Request` (Hono, Next.js route handlers, Bun, Deno…). Never rejects. */
export async function serveFetchRequest(pipeline: WebhookPipeline, request: Request, diagnostic?: WebhookDiagnostic): Promise<Response> {
  let response: WebhookResponse;
  try {
    response = await respond(pipeline, request, diagnostic);
  } catch {
    response = webhookResponse('internal_error');
  }
  return new Response(response.body, { status: response.status, headers: response.headers });
}

async function respond(pipeline: WebhookPipeline, request: Request, diagnostic: WebhookDiagnostic | undefined): Promise<WebhookResponse> {
  const early = pipeline.precheck(request.method, request.headers);
  if (early !== undefined) return early;
  // A client gone mid-body gets an answer nobody reads; a Response is still owed.
  const read = await readWebBody(request, pipeline.maxBodyBytes);
  return (await pipeline.acceptRead(request.headers, read, diagnostic)) ?? webhookResponse('bad_request');
}
