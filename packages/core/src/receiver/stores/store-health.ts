import type { Logger } from '../../logging/logger.js';

/**
 * Tracks whether a store (the dedupe store or the replay guard) answers, so that an
 * outage is logged once, not once per callback: a shared store that is down fails
 * every callback the same way, and thousands of identical lines would bury the one
 * that says what happened. `'error'` handlers still see every failure.
 */
export class StoreHealth {
  readonly #name: string;
  readonly #logger: Logger;
  readonly #now: () => number;
  #failures = 0;
  #failingSince = 0;

  constructor(name: string, logger: Logger, now: () => number = Date.now) {
    this.#name = name;
    this.#logger = logger;
    this.#now = now;
  }

  /** Records a failed call; the first of an outage is logged as an error with its cause. */
  failed(error: unknown): void {
    if (this.#failures++ > 0) return;
    this.#failingSince = this.#now();
    this.#logger.error(
      `sinch webhook: the ${this.#name} is failing; callbacks are answered 500 so Sinch redelivers them ` +
        '(further failures are not logged until it answers again)',
      { error },
    );
  }

  /** Records an answer; the first after an outage is logged (info) with how long it lasted. */
  answered(): void {
    if (this.#failures === 0) return;
    const seconds = Math.round((this.#now() - this.#failingSince) / 100) / 10;
    this.#logger.info(`sinch webhook: the ${this.#name} answers again, after ${this.#failures} failed call(s) over ${seconds} s`);
    this.#failures = 0;
  }
}
