// Promises known to be settled when they are handed out, so that a timeout raced
// against them can be skipped: it could never fire first. The in-memory stores answer
// through these, which spares every callback a timer and a Promise.race per store call.
const known = new WeakSet<Promise<unknown>>();

/** A promise already resolved with `value`, marked so {@link isKnownSettled} recognises it. */
export function settledPromise<T>(value: T): Promise<T> {
  const promise = Promise.resolve(value);
  known.add(promise);
  return promise;
}

/** True when `promise` came from {@link settledPromise}: it has settled already. */
export function isKnownSettled(promise: Promise<unknown>): boolean {
  return known.has(promise);
}
