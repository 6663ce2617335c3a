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
 * The default {@link ReplayGuard}: a bounded map of nonce → expiry, O(1) per call.
 * Entries arrive in roughly expiry order, so expired ones are pruned from the front.
 */
export class NonceCache implements ReplayGuard {
  readonly #entries = new Map<string, number>();
  readonly #max: number;

  constructor(options: NonceCacheOptions = {}) {
    this.#max = options.maxEntries ?? 100_000;
    if (!Number.isInteger(this.#max) || this.#max < 1) {
      throw new RangeError('NonceCache: maxEntries must be a positive integer');
    }
  }

  /** Number of nonces currently remembered. */
  get size(): number {
    return this.#entries.size;
  }

  remember(nonce: string, expiresAtMs: number, nowMs: number): boolean {
    this.#prune(nowMs);
    const seen = this.#entries.get(nonce);
    if (seen !== undefined && seen > nowMs) return false;
    this.#entries.delete(nonce);
    this.#entries.set(nonce, expiresAtMs);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return true;
  }

  forget(nonce: string): void {
    this.#entries.delete(nonce);
  }

  #prune(nowMs: number): void {
    // Bounded work per call keeps every call O(1) amortised.
    let budget = 8;
    for (const [nonce, expiresAt] of this.#entries) {
      if (expiresAt > nowMs || budget-- === 0) break;
      this.#entries.delete(nonce);
    }
  }
}
