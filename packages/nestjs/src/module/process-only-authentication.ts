import { randomBytes } from 'node:crypto';
import type { WebhookReceiverOptions } from '@sinch-inbounds/core';

/**
 * The authentication of a `processOnly` receiver, which serves no webhook: nothing when
 * the app gave a `secret` or `basicAuth` of its own; otherwise a random secret no sender
 * knows. Core refuses a receiver without authentication, and its opt-out
 * (`dangerouslyAllowUnauthenticated`) would accept any request that reaches the receiver
 * after all (someone mounting `receiver.handle()` by hand); a secret nobody has keeps it
 * failing closed, while `process()` — which takes callbacks the web app already
 * verified — does not look at it.
 */
export function processOnlyAuthentication(options: Pick<WebhookReceiverOptions, 'secret' | 'basicAuth'>): Pick<WebhookReceiverOptions, 'secret'> {
  if (hasAny(options.secret) || hasAny(options.basicAuth)) return {};
  return { secret: randomBytes(32).toString('base64url') };
}

function hasAny(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some(hasAny);
  return true;
}
