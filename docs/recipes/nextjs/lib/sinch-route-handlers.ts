import type { WebhookReceiver } from '@sinch-inbounds/core';

/** Next.js route handlers for the Sinch webhook: every method goes to core's receiver. */
export function sinchRouteHandlers(createReceiver: () => WebhookReceiver) {
  // Built on the first request, not on import: `next build` imports the route, and the secret need not be set there.
  let receiver: WebhookReceiver | undefined;
  // The web Request's body is still the raw stream Sinch signed: never call request.json() first.
  const handle = (request: Request): Promise<Response> => (receiver ??= createReceiver()).fetch(request);
  // Every method Next dispatches, not POST only: the receiver answers the others with its
  // 405 and Allow: POST, where Next would answer OPTIONS itself (204) and the rest with its own 405.
  return { POST: handle, GET: handle, HEAD: handle, OPTIONS: handle, PUT: handle, PATCH: handle, DELETE: handle };
}
