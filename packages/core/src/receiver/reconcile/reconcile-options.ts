import type { InboundsPageItem } from '../../types/inbounds-page-item.js';
import type { ReconcileProgress } from './reconcile-report.js';

/**
 * Where `reconcile()` reads inbounds from: core's `InboundsClient`, NestJS's
 * `SinchInboundsService`, or anything else with the same `iterate`. Taken structurally,
 * so the receiver does not depend on the client's implementation (and tests can pass a
 * stub). `iterate` must yield every inbound received in `[startDate, endDate)` at most
 * once; `InboundsClient.iterate` guarantees that, pages with retries, and stops at once
 * on `signal`.
 */
export interface ReconcileSource {
  iterate(params: { startDate: Date; endDate?: Date; signal?: AbortSignal }): AsyncIterable<InboundsPageItem>;
}

/** Options of `receiver.reconcile()`. */
export interface ReconcileOptions {
  /**
   * Oldest `received_at` to read back (inclusive): a `Date` or an ISO-8601 string. Keep
   * it within the dedupe memory (`dedupeTtlMs`, default 24 h): a message handled longer
   * ago than that is forgotten and would be handled again (the receiver warns).
   */
  since: Date | string;
  /** Newest `received_at` to read back (exclusive); default: up to the newest message when the run starts. */
  until?: Date | string;
  /**
   * Stops the run: no further message is dispatched and paging stops at once. A handler
   * already running is not interrupted; the run waits for it and records its outcome in
   * the dedupe store as usual, so an abort never leaves a claim held. The promise then
   * rejects with `signal.reason`.
   */
  signal?: AbortSignal;
  /**
   * Told how far the run got, every 100 items and once at the end. An exception it
   * throws is logged and ignored.
   */
  onProgress?: (progress: ReconcileProgress) => void;
}
