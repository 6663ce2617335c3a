import { expect, test } from 'vitest';
import { verifyWebhook } from '@sinch-inbounds/core';
import { signedCallbackHeaders } from '@sinch-inbounds/testing';

test('gives a JSON content type and headers that verify, with the given nonce and timestamp', () => {
  const body = '{"type":"mo_text"}';
  const headers = signedCallbackHeaders(body, { secret: 's3cret', nonce: 'N-1', timestamp: 1_736_760_161 });
  expect(headers['content-type']).toBe('application/json');
  expect(headers['x-sinch-webhook-signature-nonce']).toBe('N-1');
  expect(headers['x-sinch-webhook-signature-timestamp']).toBe('1736760161');
  expect(verifyWebhook({ secret: 's3cret', headers, body, now: 1_736_760_161_000 }).ok).toBe(true);
  expect(verifyWebhook({ secret: 'other', headers, body, now: 1_736_760_161_000 }).ok).toBe(false);
});

test('signs now with a fresh nonce by default', () => {
  const a = signedCallbackHeaders('{}', { secret: 's' });
  const b = signedCallbackHeaders('{}', { secret: 's' });
  expect(a['x-sinch-webhook-signature-nonce']).not.toBe(b['x-sinch-webhook-signature-nonce']);
  expect(verifyWebhook({ secret: 's', headers: a, body: '{}' }).ok).toBe(true);
});
