import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { InboundMessage, InboundsClient, ReconcileOptions, ReconcileReport, WebhookReceiver } from '@sinch-inbounds/core';
import { Observable, Subject } from 'rxjs';
import type { SinchInboundsModuleOptions } from '../options/sinch-inbounds-module-options.js';
import { reconcileWindowMs } from '../reconcile/reconcile-window.js';
import { SINCH_INBOUNDS_CLIENT, SINCH_INBOUNDS_MODULE_OPTIONS, SINCH_WEBHOOK_RECEIVER } from '../tokens.js';
import { SinchClientNotConfiguredError } from '../errors/sinch-client-not-configured.error.js';

/**
 * The module's injectable face: the inbounds REST API through core's `InboundsClient`,
 * and `inbound$`, every inbound message the webhook receives.
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
    @Inject(SINCH_WEBHOOK_RECEIVER) private readonly receiver: WebhookReceiver,
    @Inject(SINCH_INBOUNDS_CLIENT) private readonly inboundsClient: InboundsClient | undefined,
    @Inject(SINCH_INBOUNDS_MODULE_OPTIONS) private readonly options: SinchInboundsModuleOptions,
  ) {
    this.inbound$ = this.inbounds.asObservable();
    this.unsubscribe = receiver.on('inbound', (message) => {
      this.inbounds.next(message);
    });
  }

  // list/get reject (they return promises); pages/iterate throw at the call, before any
  // iteration starts. Either way the error names the missing option.

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
    return this.receiver.reconcile(client, { ...options, since: options.since ?? new Date(Date.now() - reconcileWindowMs(this.options)) });
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
