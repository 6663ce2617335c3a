import { QueueCounts, type JobCounts, type JobCountsSource } from './queue-counts.js';
import type { SlowHandler } from './slow-handler.js';

/** Where both demos mount Bull Board, the BullMQ dashboard; the page links to it. */
export const QUEUE_DASHBOARD_PATH = '/queues';

/** What the page's queue panel shows: `GET /api/queue`, and each `queue` event of the live stream. */
export interface QueueState {
  /** The "slow handler" switch. */
  slowHandler: { enabled: boolean; delayMs: number };
  /** The queue's jobs by state. */
  counts: JobCounts;
  /** Bull Board's path in this app. */
  dashboard: string;
}

/** Called with the whole state after any part of it changed. */
export type QueueStateListener = (state: QueueState) => void;

/**
 * The queued inbox's panel, whatever the framework: the slow-handler switch and the
 * queue's job counts as one state for the page, the answer to the switch's request, and
 * {@link QueuePanel.drained} for a oneshot run to wait for its jobs. Each demo maps
 * `GET /api/queue`, `POST /api/queue/slow-handler` and its live stream onto it.
 */
export class QueuePanel {
  readonly #counts: QueueCounts;

  constructor(
    queue: JobCountsSource,
    private readonly slow: SlowHandler,
  ) {
    this.#counts = new QueueCounts(queue);
  }

  /** The state with counts read from Redis now: for `GET /api/queue`. */
  async read(): Promise<QueueState> {
    await this.#counts.refresh();
    return this.state();
  }

  /** The state with the latest counts read (at most 250 ms old). */
  state(): QueueState {
    return {
      slowHandler: { enabled: this.slow.enabled, delayMs: this.slow.delayMs },
      counts: this.#counts.snapshot(),
      dashboard: QUEUE_DASHBOARD_PATH,
    };
  }

  /** Calls `listener` with the state after each change of the counts or the switch; returns the function that stops it. */
  onChange(listener: QueueStateListener): () => void {
    const stopCounts = this.#counts.onChange(() => listener(this.state()));
    const stopSlow = this.slow.onChange(() => listener(this.state()));
    return () => {
      stopCounts();
      stopSlow();
    };
  }

  /**
   * The switch's request, `{ "enabled": true | false }`: flips it and returns the new
   * state, or returns what is wrong with the body (for a 400).
   */
  setSlowHandler(body: unknown): QueueState | string {
    const enabled = typeof body === 'object' && body !== null ? (body as { enabled?: unknown }).enabled : undefined;
    if (typeof enabled !== 'boolean') return 'send {"enabled": true} or {"enabled": false}';
    this.slow.set(enabled);
    return this.state();
  }

  /** Resolves once no job is waiting, running or waiting for a retry. */
  drained(signal?: AbortSignal): Promise<void> {
    return this.#counts.drained(signal);
  }

  /** Stops reading the counts. */
  close(): void {
    this.#counts.close();
  }
}
