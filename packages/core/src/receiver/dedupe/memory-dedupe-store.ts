import { ExpiringMap } from '../../collections/expiring-map.js';
import type { DedupeClaim, DedupeStore } from './dedupe-store.js';
import { settledPromise } from '../async/settled-promise.js';
import { registerSyncDedupeStore } from './sync-dedupe-store.js';

/** Options of {@link MemoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /** Most keys kept at once; the oldest are forgotten first. Default 100,000. */
  maxEntries?: number;
  /** The clock (epoch ms); for tests. Default `Date.now`. */
  now?: () => number;
}

type State = 'in_flight' | 'done';

// Shared, already-settled answers: no allocation per call, and the receiver's store
// timeout knows it need not race them against a timer (see settled-promise.ts).
const ANSWERS: Readonly<Record<DedupeClaim, Promise<DedupeClaim>>> = {
  claimed: settledPromise('claimed'),
  done: settledPromise('done'),
  in_flight: settledPromise('in_flight'),
};
const DONE: Promise<void> = settledPromise(undefined);

/**
 * The default {@link DedupeStore}: in-process, bounded, O(1) amortised per call at any
 * size. Good for a single instance; several instances behind a load balancer need a
 * shared store.
 */
export class MemoryDedupeStore implements DedupeStore {
  readonly #entries: ExpiringMap<State>;
  readonly #now: () => number;
  // A full store forgets its oldest key to make room, so its memory is complete only
  // from then on; an already-expired head is counted too: erring late never vouches wrongly.
  #since: number;
  #maxAheadMs = 0;

  constructor(options: MemoryDedupeStoreOptions = {}) {
    const max = options.maxEntries ?? 100_000;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError('MemoryDedupeStore: maxEntries must be a positive integer');
    }
    this.#entries = new ExpiringMap(max);
    this.#now = options.now ?? Date.now;
    this.#since = this.#now();
    registerSyncDedupeStore(this, {
      claim: (key, leaseMs) => this.#claim(key, leaseMs),
      complete: (key, ttlMs) => this.#complete(key, ttlMs),
      release: (key) => this.#release(key),
    });
  }

  /** Number of keys currently remembered (claimed or done). */
  get size(): number {
    return this.#entries.size;
  }

  /** See {@link DedupeStore.claim}; an expired entry counts as absent. */
  claim(key: string, leaseMs: number): Promise<DedupeClaim> {
    return ANSWERS[this.#claim(key, leaseMs)];
  }

  /** See {@link DedupeStore.complete}. */
  complete(key: string, ttlMs: number): Promise<void> {
    this.#complete(key, ttlMs);
    return DONE;
  }

  #claim(key: string, leaseMs: number): DedupeClaim {
    const now = this.#now();
    this.#entries.prune(now);
    const dropped = this.#entries.dropped;
    const state = this.#entries.putIfAbsent(key, 'in_flight', now + leaseMs, now);
    if (this.#entries.dropped !== dropped) this.#since = now;
    return state ?? 'claimed';
  }

  #complete(key: string, ttlMs: number): void {
    const now = this.#now();
    const dropped = this.#entries.dropped;
    // In place: the claim was set moments ago, so its place in the eviction order stands.
    this.#entries.update(key, 'done', now + ttlMs);
    if (this.#entries.dropped !== dropped) this.#since = now;
  }

  /**
   * See {@link DedupeStore.rememberedSince}: the moment this store was created, or the
   * last time it had to forget a key early because it was full, whichever is later.
   */
  rememberedSince(): Promise<number> {
    return settledPromise(this.#since);
  }

  /**
   * See {@link DedupeStore.recordClockLead}: kept as long as this store, so every
   * receiver on it (one after another, in one process) counts the leads seen before it.
   */
  recordClockLead(aheadMs: number): Promise<number> {
    if (aheadMs > this.#maxAheadMs) this.#maxAheadMs = aheadMs;
    return settledPromise(this.#maxAheadMs);
  }

  /** See {@link DedupeStore.release}: drops a claim, never a done record. */
  release(key: string): Promise<void> {
    this.#release(key);
    return DONE;
  }

  #release(key: string): void {
    // A copy whose handlers timed out may have succeeded meanwhile and been recorded
    // over the claim; the failure of the copy holding it must not erase that.
    if (this.#entries.get(key, this.#now()) !== 'done') this.#entries.delete(key);
  }
}
