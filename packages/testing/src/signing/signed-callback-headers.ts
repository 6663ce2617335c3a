import { signWebhook } from '@sinch-inbounds/core';

/** Options of {@link signedCallbackHeaders}. */
export interface SignedCallbackHeadersOptions {
  /** The callback signing secret. */
  secret: string;
  /** Signature nonce; a fresh ULID when omitted. */
  nonce?: string;
  /** Unix seconds (or a `Date`); now when omitted. Pass an old one to test staleness. */
  timestamp?: number | Date;
}

/**
 * Every header Sinch sends with a signed callback — `content-type: application/json` and
 * the four `x-sinch-webhook-signature*` headers — for POSTing `body` to a webhook in a
 * test exactly as Sinch would.
 */
export function signedCallbackHeaders(body: string | Uint8Array, options: SignedCallbackHeadersOptions): Record<string, string> {
  const { secret, nonce, timestamp } = options;
  const signature: unknown = signWebhook({ secret, body, ...(nonce === undefined ? {} : { nonce }), ...(timestamp === undefined ? {} : { timestamp }) });
  // Bun and Deno resolve core to its web build, whose signWebhook is async (Web Crypto):
  // spreading its Promise would send no signature at all, so say so instead.
  if (signature instanceof Promise) {
    throw new TypeError(
      "signedCallbackHeaders signs synchronously and needs core's Node build; this runtime resolved core's web build, whose signWebhook is async: use `await signWebhook({ secret, body })` from '@sinch-inbounds/core' instead",
    );
  }
  return { 'content-type': 'application/json', ...(signature as Record<string, string>) };
}
