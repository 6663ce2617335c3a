import { signWebhook } from '@sinch-inbounds/core';
import { KIT_SECRET } from './conformance-run.js';

/** Options of {@link signedByKit}. */
export interface KitSignOptions {
  /** Default: the kit's secret, which every kit receiver verifies with. */
  secret?: string;
  nonce?: string;
  timestamp?: number;
}

/**
 * The headers Sinch sends with a signed callback, for `body`. Awaited on purpose: under
 * Bun and Deno, `@sinch-inbounds/core` resolves to its web build, whose `signWebhook`
 * is asynchronous (Web Crypto), so the kit runs inside those runtimes too.
 */
export async function signedByKit(body: string | Uint8Array, options: KitSignOptions = {}): Promise<Record<string, string>> {
  const { secret = KIT_SECRET, nonce, timestamp } = options;
  const signature = await signWebhook({ secret, body, ...(nonce === undefined ? {} : { nonce }), ...(timestamp === undefined ? {} : { timestamp }) });
  return { 'content-type': 'application/json', ...signature };
}
