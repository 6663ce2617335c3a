import { readCallback } from '../../parse/callback.js';
import { toJsonObject } from '../../parse/json-input.js';
import type { SinchCallback } from '../../types/callback.js';
import { dedupeKeyOf } from '../dedupe/dedupe-key.js';

/**
 * The callback in `body` and its dedupe key, when it has one; `undefined` when it has
 * none or cannot be read (a payload that fails validation has no key either). Only for
 * bytes whose HMAC was verified: they are Sinch's and may be read.
 */
export function keyedCallback(body: Uint8Array): { callback: SinchCallback; key: string } | undefined {
  let callback: SinchCallback;
  try {
    callback = readCallback(toJsonObject(body));
  } catch {
    return undefined;
  }
  const key = dedupeKeyOf(callback);
  return key === undefined ? undefined : { callback, key };
}
