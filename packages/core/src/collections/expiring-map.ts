interface Slot<V> {
  readonly key: string;
  value: V;
  /** Relative to the map's epoch (see ExpiringMap.#at). */
  expiresAt: number;
  live: boolean;
}

/**
 * A string-keyed map whose entries expire, bounded in size (the oldest insertions are
 * evicted first), with O(1) amortised operations at any size.
 *
 * Insertion order is kept in an array queue with a head index rather than by iterating
 * the `Map` from its front: V8 leaves deleted slots in a Map's backing store until it
 * rehashes, so "delete the first entry" in a loop degrades to scanning ever more holes
 * (measured 10-400x slower past 100,000 entries). Overwritten and deleted entries are
 * marked dead in the queue and skipped when they reach the head.
 */
export class ExpiringMap<V> {
  readonly #map = new Map<string, Slot<V>>();
  #queue: Slot<V>[] = [];
  #head = 0;
  readonly #maxEntries: number;
  #dropped = 0;
  // Expiries are kept relative to the first finite one seen: epoch milliseconds do not fit
  // V8's small integers, so each slot would carry a boxed number (an allocation per entry,
  // and one more pointer to follow per lookup); offsets within ±12 days do fit.
  #epoch: number | undefined;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  /** Number of entries held, expired ones not yet pruned included. */
  get size(): number {
    return this.#map.size;
  }

  /** How many entries have been dropped to make room (expired or not), ever. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The value of `key` if present and not expired at `now`. */
  get(key: string, now: number): V | undefined {
    const slot = this.#map.get(key);
    return slot !== undefined && slot.expiresAt > this.#at(now) ? slot.value : undefined;
  }

  /**
   * Sets `key` to `value` until `expiresAt` unless it is present and not expired at
   * `now`: then answers its value and changes nothing. `undefined` when it was set. One
   * lookup fewer than `get` then `set`, which on the hot path is most of their cost.
   */
  putIfAbsent(key: string, value: V, expiresAt: number, now: number): V | undefined {
    const previous = this.#map.get(key);
    if (previous !== undefined) {
      if (previous.expiresAt > this.#at(now)) return previous.value;
      previous.live = false;
    }
    this.#insert(key, value, expiresAt);
    return undefined;
  }

  /**
   * Changes the value and expiry of `key` where it stands in the eviction order, or
   * sets it (at the back) when absent. For an entry that moves on within moments of
   * being set (a claim completed), where re-queueing it would cost a second slot.
   */
  update(key: string, value: V, expiresAt: number): void {
    const slot = this.#map.get(key);
    if (slot === undefined) {
      this.#insert(key, value, expiresAt);
      return;
    }
    slot.value = value;
    slot.expiresAt = this.#relative(expiresAt);
  }

  /** Sets `key` (moving it to the back of the eviction order) until `expiresAt`. */
  set(key: string, value: V, expiresAt: number): void {
    const previous = this.#map.get(key);
    if (previous !== undefined) previous.live = false;
    this.#insert(key, value, expiresAt);
  }

  #insert(key: string, value: V, expiresAt: number): void {
    const slot: Slot<V> = { key, value, expiresAt: this.#relative(expiresAt), live: true };
    this.#map.set(key, slot);
    this.#queue.push(slot);
    while (this.#map.size > this.#maxEntries) this.#dropHead();
  }

  /** Removes `key`. */
  delete(key: string): void {
    const slot = this.#map.get(key);
    if (slot === undefined) return;
    slot.live = false;
    this.#map.delete(key);
  }

  /**
   * Removes up to `budget` expired entries from the front. Entries arrive in roughly
   * expiry order, so the front is where expired ones are; bounded work per call keeps
   * every caller O(1) amortised.
   */
  prune(now: number, budget = 8): void {
    const at = this.#at(now);
    while (this.#head < this.#queue.length) {
      const slot = this.#queue[this.#head]!;
      if (slot.live) {
        if (slot.expiresAt > at || budget-- === 0) break;
        this.#map.delete(slot.key);
      }
      this.#advance();
    }
  }

  /** `time` relative to the epoch, which the first finite time sets. */
  #relative(time: number): number {
    if (this.#epoch === undefined) {
      // ±Infinity stays itself whatever the epoch; NaN never compares as unexpired.
      if (!Number.isFinite(time)) return time;
      this.#epoch = time;
    }
    return time - this.#epoch;
  }

  /** `time` relative to the epoch, for comparisons (sets nothing). */
  #at(time: number): number {
    return this.#epoch === undefined ? time : time - this.#epoch;
  }

  #dropHead(): void {
    while (this.#head < this.#queue.length) {
      const slot = this.#queue[this.#head]!;
      this.#advance();
      if (slot.live) {
        slot.live = false;
        this.#map.delete(slot.key);
        this.#dropped++;
        return;
      }
    }
  }

  #advance(): void {
    this.#queue[this.#head] = undefined as unknown as Slot<V>;
    this.#head++;
    // Reclaim the consumed front once it is most of the array.
    if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
