import { platformBytes } from '../../platform/bytes.js';

/**
 * `value` as the raw body's bytes when it is bytes or text (what a framework may keep
 * of a body it read); `undefined` otherwise — a parsed object, which cannot be verified.
 */
export function rawBodyBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return platformBytes.encodeUtf8(value);
  return undefined;
}
