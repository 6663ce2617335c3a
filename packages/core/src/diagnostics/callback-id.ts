import type { SinchCallback } from '../types/callback.js';

/**
 * The id diagnostics name a callback by: an inbound message's `id`, a delivery
 * report's `batch_id`, or a string `id` of an unknown type.
 */
export function callbackIdOf(callback: SinchCallback): string | undefined {
  if ('raw' in callback) {
    const id = callback.raw.id;
    return typeof id === 'string' ? id : undefined;
  }
  return 'id' in callback ? callback.id : callback.batch_id;
}
