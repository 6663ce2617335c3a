// The Nest module's webhook controller, on Nest's Express and Fastify platforms, held to
// the whole adapter contract (no known gaps: each platform's parsers are kept off the
// webhook route). The module builds its own receiver, from the kit's options.
import { adapterConformance, type StartAdapter } from '@sinch-inbounds/testing';
import { describe, it } from 'vitest';
import { SINCH_WEBHOOK_RECEIVER, SinchInboundsModule, type WebhookReceiver } from '../src/index.js';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createNestApp, listenNestApp, PLATFORMS } from './support/nest-app.js';

describe.each(PLATFORMS)('Nest on %s meets the adapter contract', (platform) => {
  const boot =
    (ownJsonParser: boolean): StartAdapter =>
    async (_receiver, { receiverOptions }) => {
      const { logger, ...webhook } = receiverOptions;
      const created = await createNestApp(platform, {
        imports: [SinchInboundsModule.forRoot({ webhook, ...(logger === undefined ? {} : { logger }) })],
        // The kit's opt-in case: an app without rawBody no longer starts, so the body is
        // consumed the way that still reaches a request — Nest's parsers off and a JSON
        // parser that keeps no raw copy in their place (Express's added by hand,
        // Fastify's own default parser).
        options: ownJsonParser ? { rawBody: false, bodyParser: false } : { rawBody: true },
      });
      if (ownJsonParser && platform === 'express') (created as NestExpressApplication).useBodyParser('json');
      const running = await listenNestApp(created);
      return {
        url: `${running.url}/sinch/callbacks`,
        close: running.close,
        receiver: running.app.get<WebhookReceiver>(SINCH_WEBHOOK_RECEIVER),
      };
    };
  for (const c of adapterConformance({ start: boot(false), consumedBody: boot(true), timeoutMs: 1500 })) it(c.name, c.run);
});
