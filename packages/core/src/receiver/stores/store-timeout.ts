import { isKnownSettled } from '../async/settled-promise.js';
/**
 * A store call (dedupe store or replay guard) that did not answer within the receiver's
 * `storeTimeoutMs`. The callback is answered 500, so Sinch delivers it again.
 */
export class StoreTimeoutError extends Error {
  override readonly name = 'StoreTimeoutError';

  constructor(what: string, timeoutMs: number) {
    super(`${what} did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Settles like `value`, or rejects with {@link StoreTimeoutError} after `timeoutMs`: a
 * hung shared store must not hang the callback (Sinch would time out and retry anyway,
 * while the request held memory and a socket). Plain values pass through at no cost.
 */
export function withStoreTimeout<T>(value: T | Promise<T>, timeoutMs: number, what: string): T | Promise<T> {
  // A promise known to be settled cannot lose the race: no timer for it.
  if (!(value instanceof Promise) || isKnownSettled(value)) return value;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeoutError(what, timeoutMs)), timeoutMs);
    // The timer alone must never keep a process alive.
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([value, timeout]).finally(() => clearTimeout(timer));
}
