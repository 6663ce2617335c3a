import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { OnSinchCallback, SinchInboundsModule, silentLogger, type MoText } from '../src/index.js';
import { PLATFORMS, startNestApp } from './support/nest-app.js';
import { moTextJson, postCallback, SECRET } from './support/signed-request.js';

describe.each(PLATFORMS)('shutting down on %s', (platform) => {
  it('a callback that arrives once the handlers are gone is answered 500 (Sinch redelivers), not acknowledged unhandled', async () => {
    const handled: string[] = [];
    const statuses: number[] = [];
    let url = '';
    @Injectable()
    class Texts {
      @OnSinchCallback('mo_text')
      on(message: MoText): void {
        handled.push(message.id);
      }
    }
    /** Nest's server still listens here: after every onModuleDestroy, before the HTTP server closes. */
    @Injectable()
    class LateCallback implements BeforeApplicationShutdown {
      async beforeApplicationShutdown(): Promise<void> {
        statuses.push((await postCallback(url, moTextJson(), { secret: SECRET })).status);
      }
    }
    const running = await startNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: silentLogger })],
      providers: [Texts, LateCallback],
    });
    url = `${running.url}/sinch/callbacks`;
    expect((await postCallback(url, moTextJson(), { secret: SECRET })).status).toBe(200);
    await running.close();
    expect(handled).toHaveLength(1);
    expect(statuses).toEqual([500]);
  });
});
