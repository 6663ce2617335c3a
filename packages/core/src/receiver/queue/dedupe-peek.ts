import type { DedupeStore } from '../dedupe/dedupe-store.js';
import type { StoreHealth } from '../stores/store-health.js';
import { withStoreTimeout } from '../stores/store-timeout.js';

/**
 * What the dedupe store knows of a key before a callback is queued: handled already
 * (`done`), being handled right now (`in_flight`), or neither (`new`).
 */
export type DedupePeek = 'new' | 'done' | 'in_flight';

/**
 * Asks the dedupe store about `key` without keeping a claim, so a callback handled
 * already is answered as a duplicate instead of becoming a second job. The store has no
 * read-only call, so this is a claim with a short lease, released at once: the claim
 * owns nothing beyond that lease should the release fail, and a worker that meets it
 * waits for it as for any other holder's. Rejects when the store fails or times out.
 */
export class DedupePeeker {
  readonly #store: DedupeStore;
  readonly #timeoutMs: number;
  readonly #health: StoreHealth;

  constructor(store: DedupeStore, timeoutMs: number, health: StoreHealth) {
    this.#store = store;
    this.#timeoutMs = timeoutMs;
    this.#health = health;
  }

  /** What the store knows of `key`; see {@link DedupePeek}. Rejects when the store fails or times out. */
  async peek(key: string): Promise<DedupePeek> {
    // Longer than both calls may take, so the claim cannot lapse before its own release.
    const leaseMs = this.#timeoutMs * 2 + 1000;
    try {
      const claim = await withStoreTimeout(this.#store.claim(key, leaseMs), this.#timeoutMs, 'dedupe store claim()');
      if (claim === 'claimed') await withStoreTimeout(this.#store.release(key), this.#timeoutMs, 'dedupe store release()');
      this.#health.answered();
      return claim === 'claimed' ? 'new' : claim;
    } catch (error) {
      this.#health.failed(error);
      throw error;
    }
  }
}
