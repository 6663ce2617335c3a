import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { scheduleReconcile, type InboundsClient, type Logger, type StopReconcileSchedule, type WebhookReceiver } from '@sinch-inbounds/core';
import type { Subscription } from 'rxjs';
import type { SinchInboundsModuleOptions } from '../options/sinch-inbounds-module-options.js';
import { SinchClientNotConfiguredError } from '../errors/sinch-client-not-configured.error.js';
import { SINCH_INBOUNDS_CLIENT, SINCH_INBOUNDS_LOGGER, SINCH_INBOUNDS_MODULE_OPTIONS, SINCH_WEBHOOK_RECEIVER } from '../tokens.js';

/**
 * Runs the `reconcile` module option: core's `scheduleReconcile` from the moment the app
 * is listening (so a test that only `init()`s an app never reads the API, and webhooks
 * are being received before the first run) until it shuts down.
 */
@Injectable()
export class SinchReconcileScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private stop: StopReconcileSchedule | undefined;
  private listening: Subscription | undefined;
  private destroyed = false;

  constructor(
    @Inject(SINCH_INBOUNDS_MODULE_OPTIONS) private readonly options: SinchInboundsModuleOptions,
    @Inject(SINCH_WEBHOOK_RECEIVER) private readonly receiver: WebhookReceiver,
    @Inject(SINCH_INBOUNDS_CLIENT) private readonly client: InboundsClient | undefined,
    @Inject(SINCH_INBOUNDS_LOGGER) private readonly logger: Logger,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Checks the option (a schedule without a client fails the start-up) and waits for `listen()`. */
  onApplicationBootstrap(): void {
    const option = this.options.reconcile;
    if (option === undefined || option === false) return;
    if (this.client === undefined) throw new SinchClientNotConfiguredError('reconcile');
    if (this.adapterHost.listening) this.start();
    // listen$ emits once, when the app starts listening, then completes.
    else this.listening = this.adapterHost.listen$.subscribe(() => this.start());
  }

  /** Stops the schedule, aborting a run in progress and waiting for it, before the app's providers go away. */
  async onModuleDestroy(): Promise<void> {
    this.destroyed = true;
    this.listening?.unsubscribe();
    await this.stop?.();
  }

  private start(): void {
    const option = this.options.reconcile;
    if (this.destroyed || this.stop !== undefined || this.client === undefined || option === undefined || option === false) return;
    const schedule = option === true ? {} : option;
    this.stop = scheduleReconcile(this.receiver, this.client, { ...schedule, logger: this.logger });
    this.logger.info('sinch reconcile: scheduled', {
      intervalMs: schedule.intervalMs ?? 'default',
      windowMs: schedule.windowMs ?? 'default',
    });
  }
}
