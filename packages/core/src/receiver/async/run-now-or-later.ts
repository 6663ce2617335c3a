/** A value now, or a promise of it: what a step answers that may or may not wait for a store. */
export type Later<T> = T | Promise<T>;

/**
 * Runs `next` on `value`: at once when it is a plain value, once it resolves when it is a
 * promise (and `failed` on a rejection, as `Promise.prototype.then` would). The request
 * flow chains its steps with it, so a step that answers synchronously (the HMAC, the
 * default replay guard and dedupe store on Node) costs no promise and no microtask:
 * each was a hop per step per callback, a tenth of the receiver's own time. (Not named
 * `then`: a module exporting `then` is a thenable, which `await import()` would call.)
 */
export function andThen<T, R>(value: Later<T>, next: (value: T) => Later<R>, failed?: (error: unknown) => Later<R>): Later<R> {
  return value instanceof Promise ? value.then(next, failed) : next(value);
}

/**
 * `value`, once `last` ran: at once when `value` is plain, once it settles otherwise
 * (however it settles) — a `finally` that costs no promise when nothing had to wait.
 */
export function andFinally<T>(value: Later<T>, last: () => void): Later<T> {
  if (value instanceof Promise) return value.finally(last);
  last();
  return value;
}
