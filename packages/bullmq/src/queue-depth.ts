/** How long a depth read stays good enough to add a job without reading it again first, in ms. */
export const DEPTH_FRESH_MS = 1000;

/**
 * This process's estimate of how many jobs wait in a queue, so `maxDepth` costs no
 * round trip of its own: the last count Redis returned (every enqueue reads it, in the
 * same round trip as its add) plus this process's adds that count may not include yet.
 *
 * An add counts from when it is sent until a count read after it has settled comes back:
 * a read sent later than that settle ran after the add on the same connection. So the
 * estimate never misses one of this process's own adds; other processes' adds show up
 * from the next read on.
 */
export class QueueDepth {
  readonly #max: number;
  readonly #now: () => number;
  #count = 0;
  #countedAt = Number.NEGATIVE_INFINITY;
  // Reads are numbered as sent; #countRead is the newest one applied.
  #readsSent = 0;
  #countRead = 0;
  // This process's adds the count may not include: `settledAfter` the last read sent when the add settled.
  readonly #adds = new Set<{ settledAfter: number | undefined }>();

  constructor(max: number, now: () => number = performance.now.bind(performance)) {
    this.#max = max;
    this.#now = now;
  }

  /**
   * True when a new job may be added in the same round trip as the count read: the last
   * count is at most {@link DEPTH_FRESH_MS} old and, with this process's adds since, below
   * the maximum. Otherwise the caller reads first and decides with {@link hasRoom}.
   */
  canAddUnread(): boolean {
    return this.#now() - this.#countedAt <= DEPTH_FRESH_MS && this.hasRoom();
  }

  /** True when the estimate is below the maximum: one more job fits. */
  hasRoom(): boolean {
    return this.#count + this.#adds.size < this.#max;
  }

  /** Call as a count read is sent; pass what it returns to {@link counted}. */
  readSent(): number {
    return ++this.#readsSent;
  }

  /** A count read `read` (from {@link readSent}) came back with `count`. */
  counted(read: number, count: number): void {
    if (read <= this.#countRead) return;
    this.#countRead = read;
    this.#count = count;
    this.#countedAt = this.#now();
    for (const add of this.#adds) if (add.settledAfter !== undefined && add.settledAfter < read) this.#adds.delete(add);
  }

  /**
   * Call as an add is sent: it counts at once. Call the returned function once the add
   * settles, with whether it made a new job (a duplicate or a failed add makes none).
   */
  addSent(): (added: boolean) => void {
    const add: { settledAfter: number | undefined } = { settledAfter: undefined };
    this.#adds.add(add);
    return (added) => {
      if (added) add.settledAfter = this.#readsSent;
      else this.#adds.delete(add);
    };
  }
}
