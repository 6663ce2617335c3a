import type { WebhookCallbackEvent, WebhookContext, WebhookEventMap } from '@sinch-inbounds/core';

/** Metadata key under which {@link OnSinchCallback} lists a method's events. */
export const SINCH_CALLBACK_HANDLER_METADATA = 'sinch-inbounds:on-callback';

/**
 * The shape a method decorated with `@OnSinchCallback(event)` must have: it gets the
 * parsed callback of that event (and the request context) and may be async. Throwing
 * (or rejecting) answers 500, so Sinch redelivers the callback later.
 */
export type SinchCallbackMethod<E extends WebhookCallbackEvent> = (
  payload: WebhookEventMap[E],
  context: WebhookContext,
) => unknown;

/**
 * Marks a provider (or controller) method as a handler of Sinch callbacks. Handlers
 * are found at bootstrap with Nest's `DiscoveryService`, so the class is an ordinary
 * provider with dependency injection as usual.
 *
 * `event` is a callback `type` (`'mo_text'`, `'recipient_delivery_report_sms'`, …) or a
 * group: `'inbound'` (any MO), `'delivery_report'`, `'unknown'`, or `'*'` (the default:
 * everything). The method's first parameter is type-checked against the event's payload.
 * A method may carry the decorator several times to handle several events.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class SmsHandler {
 *   constructor(private readonly inbox: InboxRepository) {}
 *
 *   @OnSinchCallback('mo_text')
 *   async onText(sms: MoText): Promise<void> {
 *     await this.inbox.save({ id: sms.id, from: sms.from, text: sms.body, at: sms.received_at });
 *   }
 * }
 * ```
 */
export function OnSinchCallback<E extends WebhookCallbackEvent = '*'>(
  event?: E,
): <M extends SinchCallbackMethod<E>>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void {
  const name: WebhookCallbackEvent = event ?? '*';
  return (_target, propertyKey, descriptor) => {
    const method = descriptor.value;
    if (typeof method !== 'function') {
      throw new TypeError(`@OnSinchCallback('${name}') must decorate a method, not the accessor ${String(propertyKey)}`);
    }
    const events = (Reflect.getOwnMetadata(SINCH_CALLBACK_HANDLER_METADATA, method) as WebhookCallbackEvent[] | undefined) ?? [];
    // Decorators apply bottom-up; prepend so the list reads in source order.
    Reflect.defineMetadata(SINCH_CALLBACK_HANDLER_METADATA, [name, ...events], method);
  };
}

/** The events a method was decorated for with {@link OnSinchCallback}; empty when none. */
export function sinchCallbackEventsOf(method: unknown): readonly WebhookCallbackEvent[] {
  if (typeof method !== 'function') return [];
  return (Reflect.getOwnMetadata(SINCH_CALLBACK_HANDLER_METADATA, method) as WebhookCallbackEvent[] | undefined) ?? [];
}
