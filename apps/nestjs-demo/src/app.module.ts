import { Module, type DynamicModule } from '@nestjs/common';
import { InboxStore, ReplyStore, WEBHOOK_PATH, type DemoSetup, type DemoTelemetry } from '@sinch-inbounds/demo-kit';
import { SinchInboundsModule } from '@sinch-inbounds/nestjs';
import { DEMO_MODE, DEMO_SIMULATOR, DEMO_TELEMETRY } from './inbox/demo-tokens.js';
import { InboxController } from './inbox/inbox.controller.js';
import { MetricsController } from './inbox/metrics.controller.js';
import { PageController } from './inbox/page.controller.js';
import { SmsHandler } from './inbox/sms.handler.js';

/** The inbox app: Sinch's module (webhook + client), the inbox store, its handler, the page and its API. */
@Module({})
export class AppModule {
  /** The module for one run; the simulator is started before Nest so its URL is known here. */
  static register({ config, simulator, webhookSecret, clientOptions, redis }: DemoSetup, telemetry: DemoTelemetry): DynamicModule {
    return {
      module: AppModule,
      // With REDIS_URL, every instance shares dedupe and replay memory through Redis.
      imports: [SinchInboundsModule.forRoot({ client: clientOptions, webhook: { path: WEBHOOK_PATH, secret: webhookSecret, ...redis?.stores } })],
      controllers: [PageController, InboxController, MetricsController],
      providers: [
        // The kit's in-memory store, one per app: a real app would put its database here.
        { provide: InboxStore, useValue: new InboxStore() },
        { provide: ReplyStore, useValue: new ReplyStore() },
        SmsHandler,
        { provide: DEMO_MODE, useValue: config.mode },
        { provide: DEMO_SIMULATOR, useValue: simulator ?? null },
        { provide: DEMO_TELEMETRY, useValue: telemetry },
      ],
    };
  }
}
