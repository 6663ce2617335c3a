import type { WebhookDiagnostic } from '../../diagnostics/webhook-diagnostic.js';
import { webhookResponse, type WebhookResponse } from '../http/response.js';
import { readWebBody } from '../http/web-body.js';
import type { RequestFlow } from './serve-request.js';

/** Serves a web-standard `Request` (Hono, Next.js route handlers, Bun, Deno…). Never rejects. */
export function serveFetchRequest(flow: RequestFlow, request: Request, diagnostic?: WebhookDiagnostic): Promise<Response> {
  let answered: Promise<WebhookResponse | undefined>;
  try {
    answered = flow.serve({ method: request.method, headers: request.headers, readBody: () => readWebBody(request, flow.maxBodyBytes) }, diagnostic);
  } catch {
    answered = Promise.resolve(webhookResponse('internal_error'));
  }
  // A client gone mid-body gets an answer nobody reads; a Response is still owed.
  return answered.then((answer) => {
    const response = answer ?? webhookResponse('bad_request');
    return new Response(response.body, { status: response.status, headers: response.headers });
  });
}
