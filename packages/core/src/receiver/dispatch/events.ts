import type { SinchCallback, UnknownCallback } from '../../types/callback.js';
import type { AnyDeliveryReport, DeliveryReport, RecipientDeliveryReport } from '../../types/delivery-report.js';
import type { InboundMessage, MoBinary, MoMedia, MoText } from '../../types/inbound.js';
import type { WebhookHeaders } from '../../signature/headers.js';
import type { WebhookErrorHandler } from '../errors/errors.js';

/**
 * The payload each event name delivers. One event per callback `type`, plus groups:
 * `'inbound'` (any MO), `'delivery_report'` (any DR), `'unknown'` (a type this library
 * does not know) and `'*'` (everything).
 */
export interface WebhookEventMap {
  mo_text: MoText;
  mo_binary: MoBinary;
  mo_media: MoMedia;
  delivery_report_sms: DeliveryReport & { type: 'delivery_report_sms' };
  delivery_report_mms: DeliveryReport & { type: 'delivery_report_mms' };
  recipient_delivery_report_sms: RecipientDeliveryReport & { type: 'recipient_delivery_report_sms' };
  recipient_delivery_report_mms: RecipientDeliveryReport & { type: 'recipient_delivery_report_mms' };
  inbound: InboundMessage;
  delivery_report: AnyDeliveryReport;
  unknown: UnknownCallback;
  '*': SinchCallback;
}

/** Names that carry callbacks (everything but `'error'`). */
export type WebhookCallbackEvent = keyof WebhookEventMap;

/** Every name `on()` accepts. */
export type WebhookEventName = WebhookCallbackEvent | 'error';

/** What a handler learns about the request besides the parsed callback. */
export interface WebhookContext {
  /**
   * How the callback arrived: `'webhook'` (Sinch posted it) or `'reconcile'` (read back
   * from the inbounds API by `receiver.reconcile()`). Handlers rarely need to care: both
   * paths share one dedupe memory, so a message reaches the handlers once either way.
   */
  source: 'webhook' | 'reconcile';
  /**
   * The request body exactly as received. For `'reconcile'`: the item as the inbounds
   * API returned it, serialised to JSON (Sinch's callback bytes are not kept there).
   */
  rawBody: Uint8Array;
  /** The request headers, as the framework gave them; empty for `'reconcile'`. */
  headers: WebhookHeaders;
  /** The dedupe key of this callback, when it has one (see `dedupeKeyOf`). */
  dedupeKey: string | undefined;
  /** The verified signature nonce, when signatures are checked. */
  nonce: string | undefined;
}

/** A handler of a callback event; may be async. Throwing makes the request answer 500. */
export type WebhookHandler<E extends WebhookCallbackEvent> = (
  payload: WebhookEventMap[E],
  context: WebhookContext,
) => void | Promise<void>;

export type { WebhookErrorHandler } from '../errors/errors.js';

/** The handler type for any event name. */
export type WebhookListener<E extends WebhookEventName> = E extends WebhookCallbackEvent
  ? WebhookHandler<E>
  : WebhookErrorHandler;
