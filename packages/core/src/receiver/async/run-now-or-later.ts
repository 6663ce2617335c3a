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
 * {@link andThen} for the hot path: what `next` needs is handed to it as `state` (the
 * per-callback state object a step already has) instead of captured, so a step that
 * answers synchronously allocates no closure either.
 */
export function andThenWith<S, T, R>(
  value: Later<T>,
  state: S,
  next: (state: S, value: T) => Later<R>,
  failed?: (state: S, error: unknown) => Later<R>,
): Later<R> {
  if (!(value instanceof Promise)) return next(state, value);
  return value.then(
    (settled: T) => next(state, settled),
    failed === undefined ? undefined : (error: unknown) => failed(state, error),
  );
}
