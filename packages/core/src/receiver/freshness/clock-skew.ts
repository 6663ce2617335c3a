import type { Logger } from '../../logging/logger.js';

// This many authenticated callbacks in a row all signed longer ago than the window is
// read as this server's clock running ahead (a single one is a late redelivery).
const STALE_RUN_FOR_WARNING = 10;

/**
 * Watches how far signature timestamps are from this server's clock, to warn — once per
 * direction, not per request — when the clock looks off by more than the tolerance
 * window, naming the skew; and to tell the late-redelivery check how far ahead of this
 * clock Sinch's has been seen to be. Fed only with verified signatures, so a forger
 * cannot move it.
 */
export class ClockSkewMonitor {
  readonly #logger: Logger;
  readonly #windowMs: number;
  #maxAheadMs = 0;
  #staleRun = 0;
  #staleRunMinAgeMs = Infinity;
  #warnedAhead = false;
  #warnedBehind = false;

  constructor(logger: Logger, windowMs: number) {
    this.#logger = logger;
    this.#windowMs = windowMs;
  }

  /**
   * The largest amount (ms, ≥ 0) by which a verified signature timestamp has been ahead
   * of this clock: a lower bound of how far Sinch's clock runs ahead of this one.
   */
  get maxAheadMs(): number {
    return this.#maxAheadMs;
  }

  /** Records one verified signature: `aheadMs` = signature time − this clock's now. */
  observe(aheadMs: number): void {
    if (aheadMs > this.#maxAheadMs) this.#maxAheadMs = aheadMs;
    const windowMs = this.#windowMs;
    if (windowMs <= 0) return;
    if (aheadMs > windowMs && !this.#warnedBehind) {
      // Nothing can be signed in the future: this is the clocks disagreeing, for sure.
      this.#warnedBehind = true;
      this.#logger.warn(
        `sinch webhook: a callback was signed ${seconds(aheadMs)} s ahead of this server's clock, more than the ` +
          `${seconds(windowMs)} s tolerance window: this server's clock is behind Sinch's by at least that. Callbacks ` +
          'outside the window are refused (401, which Sinch never retries) unless the dedupe memory vouches for them; sync the clock (NTP).',
        { skewSeconds: -Math.round(aheadMs / 1000), toleranceSeconds: windowMs / 1000 },
      );
    }
    if (-aheadMs > windowMs) {
      this.#staleRun++;
      this.#staleRunMinAgeMs = Math.min(this.#staleRunMinAgeMs, -aheadMs);
      if (this.#staleRun >= STALE_RUN_FOR_WARNING && !this.#warnedAhead) {
        this.#warnedAhead = true;
        this.#logger.warn(
          `sinch webhook: the last ${this.#staleRun} callbacks were all signed more than the ${seconds(windowMs)} s tolerance ` +
            `window ago (the freshest ${seconds(this.#staleRunMinAgeMs)} s): this server's clock is probably ahead of Sinch's ` +
            'by about that much (or Sinch is redelivering old requests). Callbacks outside the window are refused (401, which ' +
            'Sinch never retries) unless the dedupe memory vouches for them; sync the clock (NTP).',
          { skewSeconds: Math.round(this.#staleRunMinAgeMs / 1000), toleranceSeconds: windowMs / 1000 },
        );
      }
    } else {
      this.#staleRun = 0;
      this.#staleRunMinAgeMs = Infinity;
    }
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
