import type { WebhookReceiver } from '@sinch-inbounds/core';

/**
 * Where the test hands in the receiver to serve: it runs Next in its own process, and
 * the kit's receivers (and the handlers it registers on them) live there.
 */
export const CASE_RECEIVER = Symbol.for('@sinch-inbounds/recipes:nextjs-case-receiver');

/** The receiver the running conformance case serves. */
export function caseReceiver(): WebhookReceiver {
  const receiver = (globalThis as { [CASE_RECEIVER]?: WebhookReceiver })[CASE_RECEIVER];
  if (receiver === undefined) throw new Error('no receiver handed in: this route serves only the Next.js recipe test');
  return receiver;
}
