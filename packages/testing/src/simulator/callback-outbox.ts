import type { RedeliverySignature } from './simulator-settings.js';
import type { DeliveryRecord, WebhookTarget } from './types.js';
import type { WebhookDeliverer } from './webhook-delivery.js';

/** What was first delivered under an id: the exact body, its type, and — once signed — the signed headers. */
interface FirstDelivery {
  body: string;
  type: string;
  signedHeaders?: Readonly<Record<string, string>>;
}

/**
 * Every callback the simulator posts to the app — inbounds, callbacks sent with
 * `sendCallback()`, delivery reports — and their deliveries: what went out first under
 * each id, so a redelivery sends the same body (and, for `'original'`, the same signed
 * request), and each delivery's record and settling, for `deliveries()` and
 * `waitForDelivery()`. The posting itself (signing, retries) is {@link WebhookDeliverer}'s.
 */
export class CallbackOutbox {
  /** The service plan's webhook (checked); callbacks have nowhere to go while it is unset. */
  webhook: WebhookTarget | undefined;
  readonly #deliverer: WebhookDeliverer;
  readonly #signature: RedeliverySignature;
  readonly #first = new Map<string, FirstDelivery>();
  // Bodies of callbacks that are no stored inbound, by id, for redeliver().
  readonly #sentCallbacks = new Map<string, string>();
  readonly #deliveries: DeliveryRecord[] = [];
  readonly #settled = new Map<DeliveryRecord, Promise<DeliveryRecord>>();
  readonly #latest = new Map<string, DeliveryRecord>();

  constructor(deliverer: WebhookDeliverer, webhook: WebhookTarget | undefined, signature: RedeliverySignature) {
    this.#deliverer = deliverer;
    this.webhook = webhook;
    this.#signature = signature;
  }

  /** Posts a new inbound to the webhook; `undefined` when none is set. */
  postInbound(id: string, type: string, body: string): Promise<DeliveryRecord> | undefined {
    return this.#postToWebhook(id, type, body);
  }

  /** Keeps a callback that is no inbound and posts it to the webhook; `undefined` when none is set. */
  postCallback(id: string, type: string, body: string): Promise<DeliveryRecord> | undefined {
    this.#sentCallbacks.set(id, body);
    return this.#postToWebhook(id, type, body);
  }

  /**
   * Keeps a delivery report and posts it to the batch's `callbackUrl`, else to the
   * webhook; `undefined` when there is neither.
   */
  postReport(key: string, type: string, body: string, callbackUrl: string | undefined): Promise<DeliveryRecord> | undefined {
    this.#sentCallbacks.set(key, body);
    const webhook = this.webhook;
    // A batch's own callback URL gets the account's signing secret, like the service plan's.
    const target = callbackUrl === undefined ? webhook : { url: callbackUrl, ...(webhook?.secret === undefined ? {} : { secret: webhook.secret }) };
    return target === undefined ? undefined : this.deliver(key, type, body, target, this.#signature);
  }

  /** The body of the callback (not inbound) sent under `id`. */
  sentCallback(id: string): string | undefined {
    return this.#sentCallbacks.get(id);
  }

  /** The type of what was first delivered under `id`. */
  firstType(id: string): string | undefined {
    return this.#first.get(id)?.type;
  }

  /**
   * Delivers under `id` to `target`: the first body ever delivered under that id, signed
   * anew per attempt (`'fresh'`) or with the first request's headers (`'original'`).
   */
  deliver(id: string, type: string, body: string, target: WebhookTarget, signature: RedeliverySignature): Promise<DeliveryRecord> {
    let first = this.#first.get(id);
    let firstAttemptHeaders: Readonly<Record<string, string>> | undefined;
    if (first === undefined) {
      first = { body, type };
      this.#first.set(id, first);
      // The very first request is signed here, so that it can be sent again as it was.
      if (target.secret !== undefined) first.signedHeaders = firstAttemptHeaders = this.#deliverer.sign(target.secret, body);
    }
    // 'original': every attempt sends the first request's headers; 'fresh': each attempt
    // after the first is signed anew.
    const signedHeaders =
      signature === 'original' && target.secret !== undefined ? (first.signedHeaders ??= this.#deliverer.sign(target.secret, first.body)) : undefined;
    const { record, done } = this.#deliverer.deliver({
      url: target.url,
      secret: target.secret,
      body: first.body,
      inboundId: id,
      type,
      signedHeaders,
      firstAttemptHeaders,
    });
    this.#deliveries.push(record);
    this.#settled.set(record, done);
    this.#latest.set(id, record);
    return done;
  }

  /** Every delivery so far, oldest first. */
  deliveries(): DeliveryRecord[] {
    return this.#deliveries.slice();
  }

  /** Settles with the latest delivery under `id`; `undefined` when nothing was delivered under it. */
  settledOf(id: string): Promise<DeliveryRecord> | undefined {
    const record = this.#latest.get(id);
    return record === undefined ? undefined : this.#settled.get(record);
  }

  /** Stops retries and in-flight attempts. */
  close(): void {
    this.#deliverer.close();
  }

  #postToWebhook(id: string, type: string, body: string): Promise<DeliveryRecord> | undefined {
    return this.webhook === undefined ? undefined : this.deliver(id, type, body, this.webhook, this.#signature);
  }
}
