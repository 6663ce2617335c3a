import { isDeliveryReport, isInboundMessage, isUnknownCallback } from '../../types/callback-guards.js';
import type { SinchCallback } from '../../types/callback.js';
import type { WebhookCallbackEvent, WebhookContext } from './events.js';

// Shared answer of run() when no handler threw.
const NO_ERRORS: readonly unknown[] = Object.freeze([]);

/** A handler as the registry holds it, whatever event it was registered for. */
export type AnyCallbackHandler = (payload: SinchCallback, context: WebhookContext) => void | Promise<void>;

/**
 * The `on(event, handler)` registry of callback handlers (`'error'` handlers go to the
 * `ErrorReporter`). Handler lists are copied on write, so a handler
 * that unsubscribes (or subscribes) while a callback is being dispatched does not
 * disturb that dispatch.
 */
export class HandlerRegistry {
  readonly #callbacks = new Map<WebhookCallbackEvent, readonly AnyCallbackHandler[]>();
  // What handlersFor() answers, per known type and for unknown types; cleared on any change.
  readonly #byType = new Map<string, readonly AnyCallbackHandler[]>();
  #unknownHandlers: readonly AnyCallbackHandler[] | undefined;

  /** Adds a callback handler; returns a function that removes exactly this registration. */
  add(event: WebhookCallbackEvent, handler: AnyCallbackHandler): () => void {
    if (typeof handler !== 'function') throw new TypeError(`on('${event}'): handler must be a function`);
    // Each registration is its own entry, so registering one function twice runs it twice
    // and each unsubscribe removes one of them.
    const entry: AnyCallbackHandler = (payload, context) => handler(payload, context);
    this.#callbacks.set(event, [...(this.#callbacks.get(event) ?? []), entry]);
    this.#changed();
    return () => {
      const rest = (this.#callbacks.get(event) ?? []).filter((h) => h !== entry);
      if (rest.length === 0) this.#callbacks.delete(event);
      else this.#callbacks.set(event, rest);
      this.#changed();
    };
  }

  /**
   * Every handler interested in `callback`, in the order they run: its exact `type`,
   * then its group (`inbound` / `delivery_report` / `unknown`), then `'*'`. Empty when
   * none would receive it. The list is built once per type and kept until a handler is
   * added or removed.
   */
  handlersFor(callback: SinchCallback): readonly AnyCallbackHandler[] {
    // An unknown type only reaches 'unknown' and '*', never a same-named event; its name
    // comes from the request, so it is not a cache key either.
    if (isUnknownCallback(callback)) return (this.#unknownHandlers ??= this.#collect(undefined, 'unknown'));
    let list = this.#byType.get(callback.type);
    if (list === undefined) {
      list = this.#collect(callback.type, isInboundMessage(callback) ? 'inbound' : isDeliveryReport(callback) ? 'delivery_report' : 'unknown');
      this.#byType.set(callback.type, list);
    }
    return list;
  }

  /**
   * Runs `handlers` (from {@link handlersFor}) on `callback` one after the other, all of
   * them even when some fail. Resolves to the errors thrown (empty when none did).
   */
  run(handlers: readonly AnyCallbackHandler[], callback: SinchCallback, context: WebhookContext): Promise<readonly unknown[]> {
    return new Promise((resolve) => this.runThen(handlers, callback, context, resolve));
  }

  /**
   * {@link run} without an `async` frame of its own: calls `done` with the errors once
   * every handler has settled (synchronously when none returns a promise). The webhook
   * hot path uses it so that a callback's only promises are the handlers' and the one
   * the dispatcher resolves. Never throws.
   */
  runThen(handlers: readonly AnyCallbackHandler[], callback: SinchCallback, context: WebhookContext, done: (errors: readonly unknown[]) => void): void {
    let errors: unknown[] | undefined;
    let i = 0;
    const failed = (error: unknown): void => {
      (errors ??= []).push(error);
      next();
    };
    const next = (): void => {
      while (i < handlers.length) {
        const handler = handlers[i++]!;
        let result: unknown;
        try {
          result = handler(callback, context);
        } catch (error) {
          (errors ??= []).push(error);
          continue;
        }
        if (isThenable(result)) {
          // As await would take it (a native promise as it is): a then() that throws is a
          // failure, not a crash.
          Promise.resolve(result).then(next, failed);
          return;
        }
      }
      done(errors ?? NO_ERRORS);
    };
    next();
  }

  #collect(type: string | undefined, group: WebhookCallbackEvent): readonly AnyCallbackHandler[] {
    const exact = type === undefined ? undefined : this.#callbacks.get(type as WebhookCallbackEvent);
    return [...(exact ?? []), ...(this.#callbacks.get(group) ?? []), ...(this.#callbacks.get('*') ?? [])];
  }

  #changed(): void {
    this.#byType.clear();
    this.#unknownHandlers = undefined;
  }

}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
