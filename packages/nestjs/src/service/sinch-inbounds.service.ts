import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type {
  DeliveryReport,
  GetDeliveryReportOptions,
  InboundMessage,
  InboundsClient,
  ReconcileOptions,
  ReconcileReport,
  RepliedInbound,
  ReplyOptions,
  SendTextParams,
  TextBatch,
  WebhookReceiver,
} from '@sinch-inbounds/core';
import { Observable, Subject } from 'rxjs';
import type { SinchInboundsModuleOptions } from '../options/sinch-inbounds-module-options.js';
import { reconcileWindowMs } from '../reconcile/reconcile-window.js';
import { SINCH_INBOUNDS_CLIENT, SINCH_INBOUNDS_MODULE_OPTIONS, SINCH_WEBHOOK_RECEIVER } from '../tokens.js';
import { SinchClientNotConfiguredError } from '../errors/sinch-client-not-configured.error.js';

/**
 * The module's injectable face: the inbounds REST API and replies through core's
 * `InboundsClient`, and `inbound$`, every inbound message the webhook receives.
 */
@Injectable()
export class SinchInboundsService implements OnModuleDestroy {
  /**
   * Every inbound message (`mo_text`, `mo_binary`, `mo_media`) the webhook accepts, as it
   * is handled; hot, so a subscriber sees messages from when it subscribes. Delivery is
   * at least once, like Sinch's: a callback whose handling failed (500) and is redelivered
   * is emitted again. Completes when the app shuts down. An error thrown inside a
   * subscriber is rxjs's to report, it does not fail the webhook request.
   */
  readonly inbound$: Observable<InboundMessage>;

  private readonly inbounds = new Subject<InboundMessage>();
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(SINCH_WEBHOOK_RECEIVER) private readonly webhookReceiver: WebhookReceiver,
    @Inject(SINCH_INBOUNDS_CLIENT) private readonly inboundsClient: InboundsClient | undefined,
    @Inject(SINCH_INBOUNDS_MODULE_OPTIONS) private readonly options: SinchInboundsModuleOptions,
  ) {
    this.inbound$ = this.inbounds.asObservable();
    this.unsubscribe = webhookReceiver.on('inbound', (message) => {
      this.inbounds.next(message);
    });
  }

  // list/get/reply/sendText/getDeliveryReport reject (they return promises); pages/iterate
  // throw at the call, before any iteration starts. Either way the error names the
  // missing option.

  /**
   * The module's core receiver, with the `@OnSinchCallback` handlers registered on it.
   * What a queue worker hands its jobs to: `runSinchJob(this.sinch.receiver, job)` in an
   * `@nestjs/bullmq` processor (see the README's "Queue (BullMQ)").
   */
  get receiver(): WebhookReceiver {
    return this.webhookReceiver;
  }

  /** The underlying core client; throws {@link SinchClientNotConfiguredError} without `client` options. */
  get client(): InboundsClient {
    return this.requireClient('client');
  }

  /** One page of inbounds (`GET …/inbounds`); see core's `InboundsClient.list`. */
  async list(...args: Parameters<InboundsClient['list']>): ReturnType<InboundsClient['list']> {
    return this.requireClient('list').list(...args);
  }

  /** Every page of matching inbounds, fetched lazily; see core's `InboundsClient.pages`. */
  pages(...args: Parameters<InboundsClient['pages']>): ReturnType<InboundsClient['pages']> {
    return this.requireClient('pages').pages(...args);
  }

  /** Every matching inbound, page after page; see core's `InboundsClient.iterate`. */
  iterate(...args: Parameters<InboundsClient['iterate']>): ReturnType<InboundsClient['iterate']> {
    return this.requireClient('iterate').iterate(...args);
  }

  /** One inbound by id (`GET …/inbounds/{id}`); see core's `InboundsClient.get`. */
  async get(...args: Parameters<InboundsClient['get']>): ReturnType<InboundsClient['get']> {
    return this.requireClient('get').get(...args);
  }

  /**
   * Answers `inbound`: sends `body` from the number it was sent to (`inbound.to`) to the
   * number that sent it (`inbound.from`), through Sinch's Batches endpoint, and resolves
   * with the batch Sinch created. Its `id` is the `batch_id` of the delivery reports that
   * follow (to `@OnSinchCallback('recipient_delivery_report_sms')` handlers), with
   * `client_reference` when `options.clientReference` was given. See core's
   * `InboundsClient.reply`.
   *
   * **Never retried once the request may have reached Sinch**: a timeout, a reset
   * connection or a 5xx without `Retry-After` rejects at once, and the text may or may
   * not have been sent. Use `clientReference` to make a resend safe: before sending again,
   * check that no delivery report with that `client_reference` arrived.
   *
   * Rejects with {@link SinchClientNotConfiguredError} without `client` options.
   */
  async reply(inbound: RepliedInbound, body: string, options?: ReplyOptions): Promise<TextBatch> {
    return this.requireClient('reply').reply(inbound, body, options);
  }

  /**
   * Sends a text to one number or up to 1,000 (`POST …/batches`) and resolves with the
   * batch Sinch created, whose `id` its delivery reports carry as `batch_id`. See core's
   * `InboundsClient.sendText`.
   *
   * **Never retried once the request may have reached Sinch** (only a refused connection,
   * or a 429/503 with `Retry-After`, is): after any other error the text may or may not
   * have been sent. Use `clientReference` to make a resend safe: before sending again,
   * check that no delivery report with that `client_reference` arrived.
   *
   * Rejects with {@link SinchClientNotConfiguredError} without `client` options.
   */
  async sendText(params: SendTextParams): Promise<TextBatch> {
    return this.requireClient('sendText').sendText(params);
  }

  /**
   * One batch's delivery report (`GET …/batches/{batch_id}/delivery_report`): counts per
   * status, with the recipients of each when `type: 'full'`. For checking afterwards; the
   * webhook's delivery-report handlers get the same news as it happens. Retried like the
   * other reads. See core's `InboundsClient.getDeliveryReport`.
   *
   * Rejects with {@link SinchClientNotConfiguredError} without `client` options.
   */
  async getDeliveryReport(batchId: string, options?: GetDeliveryReportOptions): Promise<DeliveryReport> {
    return this.requireClient('getDeliveryReport').getDeliveryReport(batchId, options);
  }

  /**
   * Reads the inbounds API back and hands every message webhooks missed to the same
   * handlers (`@OnSinchCallback` methods, `inbound$`), through the same dedupe memory:
   * each message is handled once, whichever way it came. See core's
   * `WebhookReceiver.reconcile` for the contract and the report.
   *
   * `since` defaults to the schedule's window (`reconcile.windowMs`, else 23 h) before now.
   * Rejects with {@link SinchClientNotConfiguredError} without `client` options.
   */
  async reconcile(options: Partial<ReconcileOptions> = {}): Promise<ReconcileReport> {
    const client = this.requireClient('reconcile');
    return this.webhookReceiver.reconcile(client, { ...options, since: options.since ?? new Date(Date.now() - reconcileWindowMs(this.options)) });
  }

  /** Stops listening to the receiver and completes `inbound$`. */
  onModuleDestroy(): void {
    this.unsubscribe();
    this.inbounds.complete();
  }

  private requireClient(method: string): InboundsClient {
    if (this.inboundsClient === undefined) throw new SinchClientNotConfiguredError(method);
    return this.inboundsClient;
  }
}
