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
  return {
    'content-type': 'application/json',
    ...signWebhook({ secret, body, ...(nonce === undefined ? {} : { nonce }), ...(timestamp === undefined ? {} : { timestamp }) }),
  };
}
