/**
 * The simulator's waits between steps (a retry's backoff, a batch's next status), each of
 * which `wakeAll()` ends at once, so that closing the simulator leaves no timer running and
 * no await hanging. After `wakeAll()` every new sleep resolves immediately.
 */
export class EarlyWakingSleeps {
  // Each sleeping timer, with the resolver wakeAll() calls.
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  #awake = false;

  /** Resolves after `ms`, or at once when woken (or already woken). */
  sleep(ms: number): Promise<void> {
    if (this.#awake) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.set(timer, resolve);
    });
  }

  /** Ends every sleep now and every later one at once. */
  wakeAll(): void {
    this.#awake = true;
    for (const [timer, wake] of this.#timers) {
      clearTimeout(timer);
      wake();
    }
    this.#timers.clear();
  }
}
