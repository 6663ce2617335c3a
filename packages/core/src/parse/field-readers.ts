import { InboundParseError } from './inbound-parse-error.js';
import { describe, type JsonObject } from './json-input.js';
import { sinchDateToEpochMs } from './sinch-date.js';

// Readers for one field of a JSON object. `at` is the JSONPath of the object; the
// field's own path is only built when something is wrong, to keep the happy path cheap.
// `null` counts as absent for optional fields: some senders write `"sent_at": null`.

function fail(at: string, key: string, reason: string): never {
  throw new InboundParseError(`${at}.${key}`, reason);
}

/** A field that must be a string (`allowEmpty` false: also non-empty). */
export function requiredString(obj: JsonObject, key: string, at: string, allowEmpty = false): string {
  const v = obj[key];
  if (typeof v === 'string') {
    if (v.length === 0 && !allowEmpty) fail(at, key, 'must not be empty');
    return v;
  }
  return fail(at, key, v === undefined ? 'is required' : `expected a string, got ${describe(v)}`);
}

/** A field that may be absent or null, else must be a string. */
export function optionalString(obj: JsonObject, key: string, at: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null || typeof v === 'string') return v ?? undefined;
  return fail(at, key, `expected a string, got ${describe(v)}`);
}

/** A field that must be an integer. */
export function requiredInteger(obj: JsonObject, key: string, at: string): number {
  const v = obj[key];
  if (Number.isInteger(v)) return v as number;
  return fail(at, key, v === undefined ? 'is required' : `expected an integer, got ${describe(v)}`);
}

/** A field that may be absent or null, else must be an integer. */
export function optionalInteger(obj: JsonObject, key: string, at: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (Number.isInteger(v)) return v as number;
  return fail(at, key, `expected an integer, got ${describe(v)}`);
}

/** A field that must be a Sinch date string; decoded to a valid `Date`. */
export function requiredDate(obj: JsonObject, key: string, at: string): Date {
  const v = obj[key];
  if (typeof v !== 'string') {
    return fail(at, key, v === undefined ? 'is required' : `expected a date string, got ${describe(v)}`);
  }
  return dateOf(v, at, key);
}

/** A field that may be absent or null, else must be a Sinch date string. */
export function optionalDate(obj: JsonObject, key: string, at: string): Date | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return fail(at, key, `expected a date string, got ${describe(v)}`);
  return dateOf(v, at, key);
}

function dateOf(text: string, at: string, key: string): Date {
  const ms = sinchDateToEpochMs(text);
  if (ms === undefined) fail(at, key, `not a valid ISO-8601 date: ${JSON.stringify(text.slice(0, 64))}`);
  return new Date(ms);
}

/** A field that must be a JSON object (not null, not an array). */
export function requiredObject(obj: JsonObject, key: string, at: string): JsonObject {
  const v = obj[key];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as JsonObject;
  return fail(at, key, v === undefined ? 'is required' : `expected an object, got ${describe(v)}`);
}

/** A field that must be an array. */
export function requiredArray(obj: JsonObject, key: string, at: string): unknown[] {
  const v = obj[key];
  if (Array.isArray(v)) return v;
  return fail(at, key, v === undefined ? 'is required' : `expected an array, got ${describe(v)}`);
}

/** A field that may be absent or null, else must be an array of strings. */
export function optionalStringArray(obj: JsonObject, key: string, at: string): string[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return fail(at, key, `expected an array of strings, got ${describe(v)}`);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') fail(at, `${key}[${i}]`, `expected a string, got ${describe(v[i])}`);
  }
  return v.slice() as string[];
}

/** Element `i` of an array, which must be a JSON object. */
export function objectAt(items: unknown[], i: number, at: string): JsonObject {
  const v = items[i];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as JsonObject;
  throw new InboundParseError(`${at}[${i}]`, `expected an object, got ${describe(v)}`);
}
