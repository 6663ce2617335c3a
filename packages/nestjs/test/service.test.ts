import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SinchApiError,
  SinchClientNotConfiguredError,
  SinchInboundsModule,
  SinchInboundsService,
  type InboundMessage,
} from '../src/index.js';
import { PLATFORMS, recordingLogger, startNestApp, type RunningApp } from './support/nest-app.js';
import { SECRET } from './support/signed-request.js';

describe.each(PLATFORMS)('SinchInboundsService against the simulator on %s', (platform) => {
  let sim: SinchSimulator;
  let running: RunningApp | undefined;

  beforeEach(async () => {
    sim = await startSinchSimulator({ timeScale: 0.001 });
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await sim.close();
  });

  async function startWithClient(): Promise<SinchInboundsService> {
    running = await startNestApp(platform, {
      imports: [
        SinchInboundsModule.forRoot({
          client: { servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, maxRetries: 0 },
          webhook: { secret: SECRET },
          logger: recordingLogger(),
        }),
      ],
    });
    return running.app.get(SinchInboundsService);
  }

  it('lists, pages, iterates and gets inbounds through core’s client', async () => {
    sim.seed(7);
    const sinch = await startWithClient();
    const stored = sim.inbounds();

    const page = await sinch.list({ pageSize: 3 });
    expect(page.count).toBe(7);
    expect(page.inbounds.map((m) => m.id)).toEqual(stored.slice(0, 3).map((m) => m.id));

    const pages: number[] = [];
    for await (const p of sinch.pages({ pageSize: 3 })) pages.push(p.inbounds.length);
    expect(pages).toEqual([3, 3, 1]);

    const ids: (string | undefined)[] = [];
    for await (const msg of sinch.iterate({ pageSize: 2 })) ids.push(msg.id);
    expect(ids).toEqual(stored.map((m) => m.id));

    const one = await sinch.get(stored[4]!.id);
    expect(one.id).toBe(stored[4]!.id);
    expect(one.type !== 'unknown_inbound' && one.type !== 'unreadable_inbound' && one.received_at).toBeInstanceOf(Date);
    await expect(sinch.get('01UNKNOWNUNKNOWNUNKNOWN000')).rejects.toBeInstanceOf(SinchApiError);
  });

  it('emits every inbound the webhook receives on inbound$', async () => {
    @Injectable()
    class Subscriber implements OnModuleInit {
      readonly seen: InboundMessage[] = [];
      constructor(@Inject(SinchInboundsService) private readonly sinch: SinchInboundsService) {}
      onModuleInit(): void {
        this.sinch.inbound$.subscribe((m) => this.seen.push(m));
      }
    }
    running = await startNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })],
      providers: [Subscriber],
    });
    const sinch = running.app.get(SinchInboundsService);
    const firstTwo = firstValueFrom(sinch.inbound$.pipe(take(2), toArray()));
    sim.setWebhook({ url: `${running.url}/sinch/callbacks`, secret: SECRET });
    const a = await sim.send({ body: 'first' });
    const b = await sim.send({ type: 'mo_media' });
    await sim.waitForDelivery(a.inbound.id);
    await sim.waitForDelivery(b.inbound.id);
    expect((await firstTwo).map((m) => m.id)).toEqual([a.inbound.id, b.inbound.id]);
    expect(running.app.get(Subscriber).seen.map((m) => m.type)).toEqual(['mo_text', 'mo_media']);
  });

  it('completes inbound$ when the app closes', async () => {
    const sinch = await startWithClient();
    const all = firstValueFrom(sinch.inbound$.pipe(toArray()));
    await running?.close();
    running = undefined;
    expect(await all).toEqual([]);
  });

  it('without client options the REST methods throw a clear error, the webhook still works', async () => {
    running = await startNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })],
    });
    const sinch = running.app.get(SinchInboundsService);
    await expect(sinch.list()).rejects.toBeInstanceOf(SinchClientNotConfiguredError);
    await expect(sinch.get('x')).rejects.toThrow(/client.*SinchInboundsModule\.forRoot/);
    expect(() => sinch.iterate()).toThrow(SinchClientNotConfiguredError);
    sim.setWebhook({ url: `${running.url}/sinch/callbacks`, secret: SECRET });
    const sent = await sim.send();
    expect((await sim.waitForDelivery(sent.inbound.id)).outcome).toBe('delivered');
  });
});
