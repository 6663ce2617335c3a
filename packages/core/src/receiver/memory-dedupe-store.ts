import type { DedupeClaim, DedupeStore } from './dedupe-store.js';

/** Options of {@link MemoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /** Most keys kept at once; the oldest are forgotten first. Default 100,000. */
  maxEntries?: number;
  /** The clock (epoch ms); for tests. Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  state: 'in_flight' | 'done';
  expiresAt: number;
}

/**
 * The default {@link DedupeStore}: in-process, bounded, O(1) amortised per call. Good for
 * a single instance; several instances behind a load balancer need a shared store.
 */
export class MemoryDedupeStore implements DedupeStore {
  // A Map iterates in insertion order; entries are re-inserted whenever their expiry
  // moves, so the front holds the entries that expire (or were touched) first.
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: MemoryDedupeStoreOptions = {}) {
    this.#max = options.maxEntries ?? 100_000;
    if (!Number.isInteger(this.#max) || this.#max < 1) {
      throw new RangeError('MemoryDedupeStore: maxEntries must be a positive integer');
    }
    this.#now = options.now ?? Date.now;
  }

  /** Number of keys currently remembered (claimed or done). */
  get size(): number {
    return this.#entries.size;
  }

  /** See {@link DedupeStore.claim}; an expired entry counts as absent. */
  claim(key: string, leaseMs: number): Promise<DedupeClaim> {
    const now = this.#now();
    this.#prune(now);
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) return Promise.resolve(entry.state);
    this.#set(key, { state: 'in_flight', expiresAt: now + leaseMs });
    return Promise.resolve('claimed');
  }

  /** See {@link DedupeStore.complete}. */
  complete(key: string, ttlMs: number): Promise<void> {
    this.#set(key, { state: 'done', expiresAt: this.#now() + ttlMs });
    return Promise.resolve();
  }

  /** See {@link DedupeStore.release}. */
  release(key: string): Promise<void> {
    this.#entries.delete(key);
    return Promise.resolve();
  }

  #set(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#max) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
  }

  #prune(now: number): void {
    // Bounded work per call keeps every call O(1) amortised.
    let budget = 8;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now || budget-- === 0) break;
      this.#entries.delete(key);
    }
  }
}
