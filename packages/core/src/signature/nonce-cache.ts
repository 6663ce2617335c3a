import { ExpiringMap } from '../collections/expiring-map.js';

/**
 * Remembers signature nonces until they expire, so that a captured request cannot be
 * replayed inside the tolerance window. Synchronous and in-process; to share replay
 * protection across instances, implement this interface over a shared store.
 */
export interface ReplayGuard {
  /**
   * Records `nonce` until `expiresAtMs` (epoch ms). Returns `true` when it was new,
   * `false` when it was already seen and has not expired.
   */
  remember(nonce: string, expiresAtMs: number, nowMs: number): boolean;
  /**
   * Forgets `nonce`, so that the same signed request is accepted again. The webhook
   * receiver calls it when it answered 500, so that Sinch's redelivery is not refused.
   */
  forget?(nonce: string): void;
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
    if (this.#entries.get(nonce, nowMs) !== undefined) return false;
    this.#entries.set(nonce, true, expiresAtMs);
    return true;
  }

  forget(nonce: string): void {
    this.#entries.delete(nonce);
  }
}
