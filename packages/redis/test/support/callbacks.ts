import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';

export const SECRET = fixtures.webhookSecret;

/** The body of a signed `mo_text` with id `id`, as Sinch sends it. */
export function moTextBody(id: string): string {
  return JSON.stringify({ ...fixtures.moTextWebhook, id, received_at: new Date().toISOString() });
}

/** A request for `receiver.handle`: `body` signed now (fresh nonce) unless `headers` are given. */
export function signedRequest(body: string, headers = signedCallbackHeaders(body, { secret: SECRET })) {
  return { method: 'POST', headers, body };
}
