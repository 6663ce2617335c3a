import { ExpiringMap } from '../collections/expiring-map.js';

/**
 * Remembers signature nonces until they expire, so that a captured request cannot be
 * replayed inside the tolerance window. {@link NonceCache} is the in-process one; to
 * share replay protection across instances, implement this interface over a shared
 * store (e.g. `redisReplayGuard` from `@sinch-inbounds/redis`). Either method may be
 * async: the webhook receiver awaits them.
 */
export interface ReplayGuard {
  /**
   * Records `nonce` until `expiresAtMs` (epoch ms), atomically. Returns (or resolves to)
   * `true` when it was new, `false` when it was already seen and has not expired.
   * Anything but a boolean is a configuration error: the receiver answers 500 and logs
   * it, and never accepts the request (a Promise is truthy — treating it as `true`
   * would let every replay through).
   */
  remember(nonce: string, expiresAtMs: number, nowMs: number): boolean | Promise<boolean>;
  /**
   * Forgets `nonce`, so that the same signed request is accepted again. The webhook
   * receiver calls it when it answered 500, so that Sinch's redelivery is not refused,
   * and after any failed `remember()` call (it may have written the nonce all the same:
   * a timeout, or a reply lost with the connection).
   */
  forget?(nonce: string): void | Promise<void>;
}

/** Options of {@link NonceCache}. */
export interface NonceCacheOptions {
  /** Most nonces kept at once; the oldest are forgotten first. Default 100,000. */
  maxEntries?: number;
}

/**
 * The default {@link ReplayGuard}: bounded nonce → expiry memory, O(1) per call at any
 * size. When full, the oldest nonces are forgotten first.
 */
export class NonceCache implements ReplayGuard {
  readonly #entries: ExpiringMap<true>;

  constructor(options: NonceCacheOptions = {}) {
    const max = options.maxEntries ?? 100_000;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError('NonceCache: maxEntries must be a positive integer');
    }
    this.#entries = new ExpiringMap(max);
  }

  /** Number of nonces currently remembered. */
  get size(): number {
    return this.#entries.size;
  }

  remember(nonce: string, expiresAtMs: number, nowMs: number): boolean {
    this.#entries.prune(nowMs);
    return this.#entries.putIfAbsent(nonce, true, expiresAtMs, nowMs) === undefined;
  }

  forget(nonce: string): void {
    this.#entries.delete(nonce);
  }
}
