import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Logger, WebhookCallbackEvent, WebhookContext, WebhookReceiver } from '@sinch-inbounds/core';
import { SINCH_INBOUNDS_LOGGER, SINCH_WEBHOOK_RECEIVER } from '../tokens.js';
import { sinchCallbackEventsOf } from './on-sinch-callback.decorator.js';

type BoundHandler = (payload: unknown, context: WebhookContext) => unknown;

function refuseWhileShuttingDown(): never {
  throw new Error('SinchInboundsModule: the app is shutting down and its @OnSinchCallback handlers are gone; this callback fails so that it is delivered again');
}

/**
 * Finds every `@OnSinchCallback` method on the app's providers and controllers when the
 * module initialises (before the HTTP server listens) and registers it on the receiver.
 */
@Injectable()
export class SinchCallbackExplorer implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribers: (() => void)[] = [];

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(SINCH_WEBHOOK_RECEIVER) private readonly receiver: WebhookReceiver,
    @Inject(SINCH_INBOUNDS_LOGGER) private readonly logger: Logger,
  ) {}

  /** Registers every decorated method found. */
  onModuleInit(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    // A class may be registered under several tokens (aliases); handle each instance once.
    const seen = new Set<object>();
    for (const wrapper of wrappers) {
      const { instance } = wrapper;
      if (instance === null || typeof instance !== 'object' || seen.has(instance)) continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (prototype === null) continue;
      const methods = this.scanner
        .getAllMethodNames(prototype)
        .map((name) => ({ name, events: sinchCallbackEventsOf((instance as Record<string, unknown>)[name]) }))
        .filter((m) => m.events.length > 0);
      if (methods.length === 0) continue;
      seen.add(instance);
      if (!wrapper.isDependencyTreeStatic()) {
        // A request- or transient-scoped instance has no request to belong to here.
        this.logger.warn(
          `sinch webhook: @OnSinchCallback methods of ${wrapper.name} are ignored: the provider is request-scoped ` +
            '(or depends on one). Handlers must live in singleton providers.',
        );
        continue;
      }
      for (const { name, events } of methods) {
        const method = (instance as Record<string, BoundHandler>)[name] as BoundHandler;
        const bound: BoundHandler = (payload, context) => method.call(instance, payload, context);
        for (const event of events) this.register(event, bound);
      }
    }
  }

  /**
   * Removes the registrations, so a closed app's providers are no longer called, and
   * fails every callback that still reaches the receiver. Nest tears modules down before
   * it closes the HTTP server, and `@nestjs/bullmq` closes its workers last of all: a
   * callback arriving in between would find no handler and be acknowledged as
   * `unhandled` — lost. Failing it answers the webhook 500 (Sinch redelivers) and fails a
   * queue job (BullMQ retries it, on this worker or the next).
   */
  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.receiver.on('*', refuseWhileShuttingDown);
  }

  private register(event: WebhookCallbackEvent, handler: BoundHandler): void {
    // The receiver awaits whatever the method returns; its typed `on` cannot see that a
    // discovered method was already checked against the event's payload by the decorator.
    this.unsubscribers.push(this.receiver.on(event, handler as never));
  }
}
