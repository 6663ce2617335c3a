import { setTimeout as sleep } from 'node:timers/promises';

/** How long the inbox's handler takes while {@link SlowHandler} is on: a CRM call, a model, a slow database. */
export const SLOW_HANDLER_MS = 2_000;

/** Called with the new setting whenever the switch flips. */
export type SlowHandlerListener = (enabled: boolean) => void;

/**
 * The page's "slow handler" switch. While it is on, the inbox's handler waits
 * {@link SLOW_HANDLER_MS} before storing a message, so the page shows a queued webhook
 * still answering at once while jobs pile up and drain.
 */
export class SlowHandler {
  readonly #listeners = new Set<SlowHandlerListener>();
  #enabled = false;

  constructor(readonly delayMs: number = SLOW_HANDLER_MS) {}

  /** Whether the handler is slow now. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** Turns it on or off; listeners hear of a change only. */
  set(enabled: boolean): void {
    if (enabled === this.#enabled) return;
    this.#enabled = enabled;
    for (const listener of this.#listeners) listener(enabled);
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  onChange(listener: SlowHandlerListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The handler's stand-in for slow work: resolves at once while off, after `delayMs` while on. */
  async work(): Promise<void> {
    if (this.#enabled) await sleep(this.delayMs);
  }
}
