/**
 * What the default logger may print of a log context: ids and types, never what an SMS
 * says or who sent it. The receiver hands its logger the errors it reports, and those
 * carry the callback (`from`, `to`, `body`) and its raw bytes; a console is often
 * shipped to a log service nobody vetted for personal data, so the default logger
 * prints a copy with those fields replaced. A logger the app passes gets the context
 * as it is: the app decides where that goes.
 */

/** Fields whose values are message content, phone numbers or the raw request. */
const CONTENT_FIELDS: ReadonlySet<string> = new Set([
  'from',
  'to',
  'body',
  'recipient',
  'recipients',
  'client_reference',
  'rawBody',
  'raw',
  'headers',
]);

// Deep enough for an error inside a context inside an AggregateError; deeper is cut.
const MAX_DEPTH = 5;

/** A copy of `context` fit for a shared log: content fields redacted, callbacks reduced to type and id. */
export function loggableContext(context: Record<string, unknown>): Record<string, unknown> {
  return loggableRecord(context, 0);
}

function loggableRecord(record: object, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[key] = loggableField(key, value, depth);
  return out;
}

function loggableField(key: string, value: unknown, depth: number): unknown {
  if (value === undefined || value === null) return value;
  if (CONTENT_FIELDS.has(key)) return '[redacted]';
  if (key === 'callback' && typeof value === 'object') return callbackIdentity(value as Record<string, unknown>);
  // A delivery report's dedupe key is made of its batch and recipient: keep the kind only.
  if (key === 'key' && typeof value === 'string' && value.startsWith('dr:')) return 'dr:[redacted]';
  return loggableValue(value, depth);
}

function loggableValue(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) return loggableError(value, depth + 1);
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((item) => loggableValue(item, depth + 1));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Object.prototype || prototype === null) return loggableRecord(value, depth + 1);
  // Dates, URLs and other class instances say nothing about a message on their own.
  return value;
}

/** `{ type, id }` (or `batch_id` for a delivery report): enough to find it, nothing it says. */
function callbackIdentity(callback: Record<string, unknown>): Record<string, unknown> {
  const identity: Record<string, unknown> = { type: callback.type };
  const raw = callback.raw as Record<string, unknown> | undefined;
  const id = callback.id ?? raw?.id;
  if (typeof id === 'string') identity.id = id;
  if (typeof callback.batch_id === 'string') identity.batch_id = callback.batch_id;
  return identity;
}

/**
 * A copy of an error of the same class, so the console still prints its stack and name,
 * with its fields made loggable. `errors` (an `AggregateError`'s) and `cause` stay
 * non-enumerable, as the console prints them as `[errors]` and `[cause]`.
 */
function loggableError(error: Error, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of ['stack', 'message'] as const) {
    Object.defineProperty(copy, key, { value: error[key], writable: true, configurable: true, enumerable: false });
  }
  const hidden = error as Error & { errors?: unknown };
  if (Array.isArray(hidden.errors)) {
    Object.defineProperty(copy, 'errors', { value: hidden.errors.map((e) => loggableValue(e, depth)), configurable: true, writable: true, enumerable: false });
  }
  if ('cause' in error && !Object.prototype.propertyIsEnumerable.call(error, 'cause')) {
    Object.defineProperty(copy, 'cause', { value: loggableValue(error.cause, depth), configurable: true, writable: true, enumerable: false });
  }
  Object.assign(copy, loggableRecord(error, depth));
  return copy;
}
