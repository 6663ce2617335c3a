import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { bullmqQueue, SINCH_QUEUE_NAME } from '@sinch-inbounds/bullmq';
import { InboxStore, QUEUE_DASHBOARD_PATH, QueuePanel, ReplyStore, SlowHandler, WEBHOOK_PATH, type DemoRedis, type DemoSetup, type DemoTelemetry } from '@sinch-inbounds/demo-kit';
import { SinchInboundsModule, type SinchInboundsModuleOptions } from '@sinch-inbounds/nestjs';
import type { Queue } from 'bullmq';
import { DEMO_MODE, DEMO_SIMULATOR, DEMO_TELEMETRY } from './inbox/demo-tokens.js';
import { InboxController } from './inbox/inbox.controller.js';
import { MetricsController } from './inbox/metrics.controller.js';
import { PageController } from './inbox/page.controller.js';
import { SmsHandler } from './inbox/sms.handler.js';
import { QueueController } from './queue/queue.controller.js';
import { SinchJobProcessor } from './queue/sinch-job.processor.js';

/** The inbox app: Sinch's module (webhook + client), the inbox store, its handler, the page and its API. */
@Module({})
export class AppModule {
  /** The module for one run; the simulator is started before Nest so its URL is known here. */
  static register({ config, simulator, webhookSecret, clientOptions, redis }: DemoSetup, telemetry: DemoTelemetry): DynamicModule {
    // With REDIS_URL, every instance shares dedupe and replay memory through Redis.
    const sinch: SinchInboundsModuleOptions = { client: clientOptions, webhook: { path: WEBHOOK_PATH, secret: webhookSecret, ...redis?.stores } };
    const inbox: DynamicModule = {
      module: AppModule,
      imports: [SinchInboundsModule.forRoot(sinch)],
      controllers: [PageController, InboxController, MetricsController, QueueController],
      providers: [
        // The kit's in-memory store, one per app: a real app would put its database here.
        { provide: InboxStore, useValue: new InboxStore() },
        { provide: ReplyStore, useValue: new ReplyStore() },
        // The page's "slow handler" switch; only a queued inbox lets the page flip it.
        { provide: SlowHandler, useValue: new SlowHandler() },
        SmsHandler,
        { provide: DEMO_MODE, useValue: config.mode },
        { provide: DEMO_SIMULATOR, useValue: simulator ?? null },
        { provide: DEMO_TELEMETRY, useValue: telemetry },
      ],
    };
    return redis === undefined ? inbox : queued(inbox, sinch, redis);
  }
}

/**
 * The inbox queued on BullMQ, the `@nestjs/bullmq` way: the webhook enqueues into the
 * Sinch queue, {@link SinchJobProcessor} runs its jobs through the same receiver's
 * handlers, the page's panel reads the queue, and Bull Board is mounted at `/queues`.
 */
function queued(inbox: DynamicModule, sinch: SinchInboundsModuleOptions, redis: DemoRedis): DynamicModule {
  const sinchQueue = BullModule.registerQueue({ name: SINCH_QUEUE_NAME });
  const queueToken = getQueueToken(SINCH_QUEUE_NAME);
  const panel: Provider = { provide: QueuePanel, useFactory: (queue: Queue, slow: SlowHandler) => new QueuePanel(queue, slow), inject: [queueToken, SlowHandler] };
  return {
    ...inbox,
    imports: [
      // One connection for the queue and its worker (BullMQ duplicates it for blocking reads),
      // failing fast: while Redis is away the webhook answers 500 at once and Sinch redelivers.
      BullModule.forRoot({ connection: redis.bullmqConnection({ failFast: true }) }),
      sinchQueue,
      SinchInboundsModule.forRootAsync({
        imports: [sinchQueue],
        inject: [queueToken],
        useFactory: (queue: Queue) => ({ ...sinch, webhook: { ...sinch.webhook, queue: bullmqQueue(queue) } }),
      }),
      BullBoardModule.forRoot({ route: QUEUE_DASHBOARD_PATH, adapter: ExpressAdapter }),
      BullBoardModule.forFeature({ name: SINCH_QUEUE_NAME, adapter: BullMQAdapter }),
    ],
    providers: [...(inbox.providers ?? []), panel, SinchJobProcessor],
  };
}
