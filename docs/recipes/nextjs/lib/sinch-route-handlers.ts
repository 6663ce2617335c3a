import type { WebhookReceiver } from '@sinch-inbounds/core';

/** Next.js route handlers for the Sinch webhook: every method goes to core's receiver. */
export function sinchRouteHandlers(receiver: WebhookReceiver) {
  // The web Request's body is still the raw stream Sinch signed: never call request.json() first.
  const handle = (request: Request): Promise<Response> => receiver.fetch(request);
  // Not POST only: the receiver answers other methods with its 405 and Allow: POST.
  return { POST: handle, GET: handle, PUT: handle, PATCH: handle, DELETE: handle };
}
