import type { TextBatch } from '../types/batch.js';
import type { SinchCallback } from '../types/callback.js';
import type { InboundsPageItem } from '../types/inbounds-page-item.js';
import type { JsonObject } from '../types/json-object.js';

// Parsed objects keep only the fields this version types. The JSON object each was read
// from is remembered beside it, not on it: a property would change every message's
// shape, equality and serialisation, and `'raw' in cb` already means an unknown callback.
const rawOf = new WeakMap<object, JsonObject>();

/** Remembers the JSON object `parsed` was read from; returns `parsed`. */
export function rememberRaw<T extends object>(parsed: T, raw: JsonObject): T {
  rawOf.set(parsed, raw);
  return parsed;
}

/**
 * Remembers `raw` only when it has more top-level fields than the `typedKeys` the flat
 * `parsed` object has (text and binary messages, whose typed fields are all top-level). A WeakMap entry per
 * message halved parse throughput (bench/parse.bench.mjs); counting keys costs little,
 * and a message that carries nothing untyped has nothing to look up.
 */
export function rememberRawIfUntyped<T extends object>(parsed: T, raw: JsonObject, typedKeys: number): T {
  if (keyCount(raw) > typedKeys) rawOf.set(parsed, raw);
  return parsed;
}

function keyCount(obj: object): number {
  let n = 0;
  for (const key in obj) if (key !== undefined) n++;
  return n;
}

/**
 * The JSON object a message, callback or REST item was parsed from, with every field
 * Sinch sent — including fields added after this version, which the typed object leaves
 * out. It is the very object that was parsed (the caller's own object when one was
 * passed in, never modified): treat it as read-only.
 *
 * Works for what core's parsers return (`parseInbound`, `parseCallback`, the receiver's
 * handlers, `InboundsClient` list/iterate/get, the batch `reply`/`sendText` return). For `mo_text` and `mo_binary` it is kept
 * only when the payload has a field the typed object does not (to keep the webhook hot
 * path fast), so `undefined` there means the typed object holds everything Sinch sent;
 * MMS and delivery reports always keep it. A copy (`{ ...msg }`, `structuredClone`) or a
 * hand-built object gives `undefined`. For unknown and unreadable items it is their
 * `raw`, when that is an object.
 *
 * @example
 * ```ts
 * receiver.on('mo_text', (msg) => {
 *   const extra = rawPayload(msg)?.new_sinch_field; // unknown, as sent
 * });
 * ```
 */
export function rawPayload(parsed: SinchCallback | InboundsPageItem | TextBatch): Readonly<JsonObject> | undefined {
  const remembered = rawOf.get(parsed);
  if (remembered !== undefined) return remembered;
  if ('raw' in parsed) {
    const raw: unknown = parsed.raw;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return raw as JsonObject;
  }
  return undefined;
}
