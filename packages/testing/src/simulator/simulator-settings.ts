import type { SimulatorOptions, WebhookTarget } from './types.js';
import { SINCH_DELIVERY_ATTEMPTS } from './webhook-delivery.js';
import { validateWebhookUrl } from './webhook-url.js';

/** How a redelivery is signed: anew, or with the first request's headers unchanged. */
export type RedeliverySignature = 'fresh' | 'original';

/** The simulator's options with their defaults filled in, each checked. */
export interface SimulatorSettings {
  host: string;
  port: number;
  timeScale: number;
  maxDeliveryAttempts: number;
  tokenLifetimeSeconds: number;
  deliveryTimeoutMs: number;
  webhook: WebhookTarget | undefined;
  redeliverySignature: RedeliverySignature;
}

/**
 * Fills in the defaults of `options` and checks them, before anything is started.
 *
 * @throws {RangeError} for a number out of range, `TypeError` for a bad webhook or
 * `redeliverySignature`.
 */
export function checkSimulatorOptions(options: SimulatorOptions): SimulatorSettings {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer 0-65535, got ${port}`);
  const timeScale = options.timeScale ?? 1;
  if (!(Number.isFinite(timeScale) && timeScale >= 0)) throw new RangeError(`timeScale must be a number ≥ 0, got ${timeScale}`);
  const maxDeliveryAttempts = options.maxDeliveryAttempts ?? SINCH_DELIVERY_ATTEMPTS;
  if (!(Number.isInteger(maxDeliveryAttempts) && maxDeliveryAttempts >= 1)) {
    throw new RangeError(`maxDeliveryAttempts must be an integer ≥ 1, got ${maxDeliveryAttempts}`);
  }
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  if (!(Number.isFinite(tokenLifetimeSeconds) && tokenLifetimeSeconds > 0)) {
    throw new RangeError(`tokenLifetimeSeconds must be > 0, got ${tokenLifetimeSeconds}`);
  }
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 10_000;
  if (!(Number.isFinite(deliveryTimeoutMs) && deliveryTimeoutMs > 0)) throw new RangeError(`deliveryTimeoutMs must be > 0, got ${deliveryTimeoutMs}`);
  const webhook = checkWebhook(options.webhook);
  const redeliverySignature = options.redeliverySignature ?? 'fresh';
  if (redeliverySignature !== 'fresh' && redeliverySignature !== 'original') {
    throw new TypeError(`redeliverySignature must be 'fresh' or 'original', got ${JSON.stringify(redeliverySignature)}`);
  }
  return { host, port, timeScale, maxDeliveryAttempts, tokenLifetimeSeconds, deliveryTimeoutMs, webhook, redeliverySignature };
}

/**
 * A checked copy of `webhook` (at start, and for `setWebhook()`); `undefined` for none.
 *
 * @throws {TypeError} for an invalid URL or an empty secret.
 */
export function checkWebhook(webhook: WebhookTarget | undefined): WebhookTarget | undefined {
  if (webhook === undefined) return undefined;
  validateWebhookUrl(webhook.url);
  if (webhook.secret !== undefined && (typeof webhook.secret !== 'string' || webhook.secret.length === 0)) {
    throw new TypeError('webhook.secret must be a non-empty string (omit it to send unsigned callbacks)');
  }
  return webhook.secret === undefined ? { url: webhook.url } : { url: webhook.url, secret: webhook.secret };
}
