import type { Logger } from '../../logging/logger.js';
import type { WebhookErrorHandler, WebhookReceiverError } from './errors.js';

/**
 * Where the receiver's failures go: the `'error'` handlers registered with `on('error')`,
 * or the log when there are none, so a failure is never silent. Held apart from the
 * callback handlers' registry, which only decides who receives a callback.
 */
export class ErrorReporter {
  readonly #logger: Logger;
  // Copied on write, like the callback handlers: a handler that unsubscribes while an
  // error is being reported does not disturb that report.
  #handlers: readonly WebhookErrorHandler[] = [];

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Adds an `'error'` handler; returns a function that removes exactly this registration. */
  add(handler: WebhookErrorHandler): () => void {
    if (typeof handler !== 'function') throw new TypeError(`on('error'): handler must be a function`);
    // Each registration is its own entry, so registering one function twice runs it twice
    // and each unsubscribe removes one of them.
    const entry: WebhookErrorHandler = (error) => handler(error);
    this.#handlers = [...this.#handlers, entry];
    return () => {
      this.#handlers = this.#handlers.filter((h) => h !== entry);
    };
  }

  /**
   * Hands an error to every `'error'` handler; with none registered, logs it (unless the
   * caller already did: `logWhenUnhandled` false) so it is never silent. What an error
   * handler throws is logged, not re-thrown.
   */
  async report(error: WebhookReceiverError, logWhenUnhandled = true): Promise<void> {
    const handlers = this.#handlers;
    const logger = this.#logger;
    if (handlers.length === 0) {
      if (logWhenUnhandled) logger.error(`sinch webhook: ${error.message}`, { error });
      return;
    }
    for (const handler of handlers) {
      try {
        await handler(error);
      } catch (thrown) {
        logger.error("sinch webhook: an 'error' handler threw", { error: thrown, reported: error });
      }
    }
  }
}
