/** Jobs of the demo's queue by state, as BullMQ's `queue.getJobCounts()` reports them. */
export interface JobCounts {
  /** Accepted by the webhook, not yet taken by the worker. */
  waiting: number;
  /** Running a handler now. */
  active: number;
  /** Waiting for a retry's backoff to end. */
  delayed: number;
  /** Handled (kept 24 h, so a late copy cannot come back in as a new job). */
  completed: number;
  /** Out of attempts: the dead letters, callback intact. */
  failed: number;
}

/** What {@link QueueCounts} reads: a BullMQ `Queue` (typed by shape, so the kit's tests need no Redis). */
export interface JobCountsSource {
  getJobCounts(...types: (keyof JobCounts)[]): Promise<Record<string, number>>;
}

/** Called with the counts whenever one of them changed. */
export type JobCountsListener = (counts: JobCounts) => void;

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const satisfies readonly (keyof JobCounts)[];

// Often enough that a 2 s job is seen waiting, then active, then completed.
const POLL_MS = 250;

/**
 * The queue's job counts for the page, read every 250 ms and passed on when they change.
 * Polling rather than BullMQ's events: it needs no extra Redis connection, sees jobs
 * whichever process moved them, and cannot miss a transition's end state.
 */
export class QueueCounts {
  readonly #listeners = new Set<JobCountsListener>();
  readonly #timer: NodeJS.Timeout;
  #counts: JobCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
  #reads = 0;

  constructor(
    private readonly queue: JobCountsSource,
    pollMs: number = POLL_MS,
  ) {
    // A tick while a read is still out skips: reads do not pile up behind a slow Redis.
    this.#timer = setInterval(() => {
      if (this.#reads === 0) void this.refresh();
    }, pollMs).unref();
    void this.refresh();
  }

  /** The latest counts read. */
  snapshot(): JobCounts {
    return { ...this.#counts };
  }

  /** Calls `listener` with the counts after each change; returns the function that stops it. */
  onChange(listener: JobCountsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the counts now; a Redis outage keeps the last ones. */
  async refresh(): Promise<void> {
    this.#reads++;
    try {
      const read = await this.queue.getJobCounts(...STATES);
      const counts = Object.fromEntries(STATES.map((state) => [state, read[state] ?? 0])) as unknown as JobCounts;
      if (STATES.every((state) => counts[state] === this.#counts[state])) return;
      this.#counts = counts;
      for (const listener of this.#listeners) listener(this.snapshot());
    } catch {
      // Redis away: the page keeps the last counts; the webhook's 500s show the outage.
    } finally {
      this.#reads--;
    }
  }

  /** Resolves once no job waits, runs or waits for a retry (or at once when none does). */
  drained(signal?: AbortSignal): Promise<void> {
    const idle = (counts: JobCounts): boolean => counts.waiting + counts.active + counts.delayed === 0;
    return new Promise((resolve, reject) => {
      const stop = this.onChange((counts) => {
        if (idle(counts)) done();
      });
      const onAbort = (): void => {
        stop();
        reject(signal!.reason);
      };
      const done = (): void => {
        stop();
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // Read now: the last counts may be 250 ms old, from before the newest job.
      void this.refresh().then(() => {
        if (idle(this.#counts)) done();
      });
    });
  }

  /** Stops reading. */
  close(): void {
    clearInterval(this.#timer);
    this.#listeners.clear();
  }
}
