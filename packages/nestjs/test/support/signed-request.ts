import { signWebhook, ulid } from '@sinch-inbounds/core';

/** The secret test apps are configured with. */
export const SECRET = 'nest-test-secret';

/** A wire `mo_text` callback with a fresh id (so dedupe never short-circuits a test). */
export function moTextJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: ulid(),
    type: 'mo_text',
    from: '12015555555',
    to: '12017777777',
    body: 'Hello John!',
    received_at: '2024-06-06T14:16:54.777Z',
    operator_id: '311071',
    ...overrides,
  });
}

/** POSTs `body` to `url` as JSON, signed with `secret` unless `secret` is `undefined`. */
export function postCallback(
  url: string,
  body: string,
  options: { secret?: string; headers?: Record<string, string>; timestamp?: number; nonce?: string } = {},
): Promise<Response> {
  const signature =
    options.secret === undefined
      ? {}
      : signWebhook({ secret: options.secret, body, timestamp: options.timestamp, nonce: options.nonce });
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature, ...options.headers },
    body,
  });
}
