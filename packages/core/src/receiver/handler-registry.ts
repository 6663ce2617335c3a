import { isDeliveryReport, isInboundMessage, isUnknownCallback } from '../types/callback-guards.js';
import type { SinchCallback } from '../types/callback.js';
import type { WebhookReceiverError } from './errors.js';
import type { WebhookCallbackEvent, WebhookContext, WebhookErrorHandler, WebhookEventName } from './events.js';
import type { Logger } from '../logging/logger.js';

type AnyCallbackHandler = (payload: SinchCallback, context: WebhookContext) => void | Promise<void>;

/**
 * The `on(event, handler)` registry. Handler lists are copied on write, so a handler
 * that unsubscribes (or subscribes) while a callback is being dispatched does not
 * disturb that dispatch.
 */
export class HandlerRegistry {
  readonly #callbacks = new Map<WebhookCallbackEvent, readonly AnyCallbackHandler[]>();
  #errors: readonly WebhookErrorHandler[] = [];

  /** Adds a handler; returns a function that removes exactly this registration. */
  add(event: WebhookEventName, handler: AnyCallbackHandler | WebhookErrorHandler): () => void {
    if (typeof handler !== 'function') throw new TypeError(`on('${event}'): handler must be a function`);
    // Each registration is its own entry, so registering one function twice runs it twice
    // and each unsubscribe removes one of them.
    const entry = ((...args: Parameters<AnyCallbackHandler>) =>
      (handler as AnyCallbackHandler)(...args)) as AnyCallbackHandler & WebhookErrorHandler;
    if (event === 'error') {
      this.#errors = [...this.#errors, entry];
      return () => {
        this.#errors = this.#errors.filter((h) => h !== entry);
      };
    }
    this.#callbacks.set(event, [...(this.#callbacks.get(event) ?? []), entry]);
    return () => {
      const rest = (this.#callbacks.get(event) ?? []).filter((h) => h !== entry);
      if (rest.length === 0) this.#callbacks.delete(event);
      else this.#callbacks.set(event, rest);
    };
  }

  /**
   * Runs every handler interested in `callback` — its exact `type`, then its group
   * (`inbound` / `delivery_report` / `unknown`), then `'*'` — one after the other in
   * registration order, all of them even when some fail. Returns the errors thrown.
   */
  async dispatch(callback: SinchCallback, context: WebhookContext): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (const list of this.#listsFor(callback)) {
      if (list === undefined) continue;
      for (const handler of list) {
        try {
          await handler(callback, context);
        } catch (error) {
          errors.push(error);
        }
      }
    }
    return errors;
  }

  /** Whether any handler (its exact type, its group or `'*'`) would receive `callback`. */
  hasHandlerFor(callback: SinchCallback): boolean {
    return this.#listsFor(callback).some((list) => list !== undefined);
  }

  #listsFor(callback: SinchCallback): (readonly AnyCallbackHandler[] | undefined)[] {
    const group: WebhookCallbackEvent = isUnknownCallback(callback)
      ? 'unknown'
      : isInboundMessage(callback)
        ? 'inbound'
        : isDeliveryReport(callback)
          ? 'delivery_report'
          : 'unknown';
    // An unknown type only reaches 'unknown' and '*', never a same-named event.
    const exact = group === 'unknown' ? undefined : this.#callbacks.get(callback.type as WebhookCallbackEvent);
    return [exact, this.#callbacks.get(group), this.#callbacks.get('*')];
  }

  /**
   * Hands an error to every `'error'` handler; with none registered, logs it (unless the
   * caller already did) so it is never silent. What an error handler throws is logged, not re-thrown.
   */
  async report(error: WebhookReceiverError, logger: Logger, logWhenUnhandled = true): Promise<void> {
    const handlers = this.#errors;
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
