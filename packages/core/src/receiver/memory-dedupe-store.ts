import { ExpiringMap } from '../collections/expiring-map.js';
import type { DedupeClaim, DedupeStore } from './dedupe-store.js';

/** Options of {@link MemoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /** Most keys kept at once; the oldest are forgotten first. Default 100,000. */
  maxEntries?: number;
  /** The clock (epoch ms); for tests. Default `Date.now`. */
  now?: () => number;
}

type State = 'in_flight' | 'done';

/**
 * The default {@link DedupeStore}: in-process, bounded, O(1) amortised per call at any
 * size. Good for a single instance; several instances behind a load balancer need a
 * shared store.
 */
export class MemoryDedupeStore implements DedupeStore {
  readonly #entries: ExpiringMap<State>;
  readonly #now: () => number;

  constructor(options: MemoryDedupeStoreOptions = {}) {
    const max = options.maxEntries ?? 100_000;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError('MemoryDedupeStore: maxEntries must be a positive integer');
    }
    this.#entries = new ExpiringMap(max);
    this.#now = options.now ?? Date.now;
  }

  /** Number of keys currently remembered (claimed or done). */
  get size(): number {
    return this.#entries.size;
  }

  /** See {@link DedupeStore.claim}; an expired entry counts as absent. */
  claim(key: string, leaseMs: number): Promise<DedupeClaim> {
    const now = this.#now();
    this.#entries.prune(now);
    const state = this.#entries.get(key, now);
    if (state !== undefined) return Promise.resolve(state);
    this.#entries.set(key, 'in_flight', now + leaseMs);
    return Promise.resolve('claimed');
  }

  /** See {@link DedupeStore.complete}. */
  complete(key: string, ttlMs: number): Promise<void> {
    this.#entries.set(key, 'done', this.#now() + ttlMs);
    return Promise.resolve();
  }

  /** See {@link DedupeStore.release}. */
  release(key: string): Promise<void> {
    this.#entries.delete(key);
    return Promise.resolve();
  }
}
