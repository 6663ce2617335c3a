import { Module, type DynamicModule } from '@nestjs/common';
import { SinchInboundsModule, type InboundsClientOptions } from '@sinch-inbounds/nestjs';
import type { SinchSimulator } from '@sinch-inbounds/testing';
import type { DemoConfig } from './config/demo-config.js';
import { DEMO_MODE, DEMO_SIMULATOR } from './inbox/demo-tokens.js';
import { InboxController } from './inbox/inbox.controller.js';
import { InboxStore } from './inbox/inbox.store.js';
import { SmsHandler } from './inbox/sms.handler.js';

/** Where Sinch (or the simulator) posts callbacks. */
export const WEBHOOK_PATH = 'sinch/callbacks';

/** What the module is built from: the config, the simulator when there is one, the signing secret. */
export interface AppModuleOptions {
  config: DemoConfig;
  simulator: SinchSimulator | undefined;
  webhookSecret: string;
}

/** The inbox app: Sinch's module (webhook + client), the inbox store, its handler and its API. */
@Module({})
export class AppModule {
  /** The module for one run; the simulator is started before Nest so its URL is known here. */
  static register({ config, simulator, webhookSecret }: AppModuleOptions): DynamicModule {
    const client: InboundsClientOptions =
      config.mode === 'sinch'
        ? { servicePlanId: config.servicePlanId, apiToken: config.apiToken, region: config.region }
        : { servicePlanId: simulator!.servicePlanId, apiToken: simulator!.apiToken, baseUrl: simulator!.url };
    return {
      module: AppModule,
      imports: [SinchInboundsModule.forRoot({ client, webhook: { path: WEBHOOK_PATH, secret: webhookSecret } })],
      controllers: [InboxController],
      providers: [
        InboxStore,
        SmsHandler,
        { provide: DEMO_MODE, useValue: config.mode },
        { provide: DEMO_SIMULATOR, useValue: simulator ?? null },
      ],
    };
  }
}
