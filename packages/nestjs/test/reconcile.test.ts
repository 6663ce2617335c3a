import { Inject, Injectable, Module } from '@nestjs/common';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OnSinchCallback,
  SinchClientNotConfiguredError,
  SinchInboundsModule,
  SinchInboundsService,
  type InboundMessage,
  type ReconcileReport,
  type SinchInboundsModuleOptions,
  type WebhookContext,
} from '../src/index.js';
import { createNestApp, listenNestApp, PLATFORMS, recordingLogger, type RunningApp } from './support/nest-app.js';
import { SECRET } from './support/signed-request.js';

/** Counts, per id, how often an `@OnSinchCallback('inbound')` method ran, and from where. */
@Injectable()
class Inbox {
  readonly counts = new Map<string, number>();
  readonly sources: string[] = [];
}

@Injectable()
class InboundHandler {
  constructor(@Inject(Inbox) private readonly inbox: Inbox) {}

  @OnSinchCallback('inbound')
  onInbound(message: InboundMessage, context: WebhookContext): void {
    this.inbox.counts.set(message.id, (this.inbox.counts.get(message.id) ?? 0) + 1);
    this.inbox.sources.push(context.source);
  }
}

@Module({ providers: [Inbox, InboundHandler], exports: [Inbox] })
class InboxModule {}

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe.each(PLATFORMS)('reconcile in NestJS on %s', (platform) => {
  let sim: SinchSimulator;
  let running: RunningApp | undefined;

  beforeEach(async () => {
    sim = await startSinchSimulator({ timeScale: 0.001, seed: 5 });
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await sim.close();
  });

  const options = (extra: Partial<SinchInboundsModuleOptions> = {}): SinchInboundsModuleOptions => ({
    client: { servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, maxRetries: 0 },
    webhook: { secret: SECRET },
    logger: recordingLogger(),
    ...extra,
  });
  const listRequests = (): number => sim.requests().filter((r) => r.route === 'list').length;

  it('SinchInboundsService.reconcile() hands what webhooks missed to @OnSinchCallback handlers once, and skips what they brought', async () => {
    running = await listenNestApp(await createNestApp(platform, { imports: [InboxModule, SinchInboundsModule.forRoot(options())] }));
    const inbox = running.app.get(Inbox);
    sim.setWebhook({ url: `${running.url}/sinch/callbacks`, secret: SECRET });
    const delivered = await sim.send({ body: 'by webhook' });
    expect((await delivered.delivery!).outcome).toBe('delivered');
    sim.setWebhook(undefined);
    sim.seed(5);

    const sinch = running.app.get(SinchInboundsService);
    const report: ReconcileReport = await sinch.reconcile();
    expect(report).toMatchObject({ seen: 6, handled: 5, duplicates: 1, failed: 0 });
    expect(sim.inbounds().every((m) => inbox.counts.get(m.id) === 1)).toBe(true);
    expect(inbox.sources.filter((s) => s === 'reconcile')).toHaveLength(5);
    expect(await sinch.reconcile({ since: new Date(Date.now() - 22 * 60 * 60 * 1000) })).toMatchObject({ handled: 0, duplicates: 6 });
  });

  it('the reconcile option runs the schedule only once the app listens, and stops it on shutdown', async () => {
    sim.seed(3);
    const app = await createNestApp(platform, {
      imports: [InboxModule, SinchInboundsModule.forRoot(options({ reconcile: { intervalMs: 20, windowMs: 23 * 60 * 60 * 1000 } }))],
    });
    await app.init();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(listRequests()).toBe(0);

    running = await listenNestApp(app);
    const inbox = app.get(Inbox);
    await until(() => inbox.counts.size === 3 && listRequests() >= 2);
    expect([...inbox.counts.values()]).toEqual([1, 1, 1]);

    await running.close();
    running = undefined;
    const after = listRequests();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(listRequests()).toBe(after);
  });

  it('refuses to start with the reconcile option but no client, naming the fix', async () => {
    const app = await createNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger(), reconcile: true })],
    });
    await expect(app.init()).rejects.toBeInstanceOf(SinchClientNotConfiguredError);
    await app.close();
  });

  it('SinchInboundsService.reconcile() without a client rejects with SinchClientNotConfiguredError', async () => {
    running = await listenNestApp(await createNestApp(platform, { imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })] }));
    await expect(running.app.get(SinchInboundsService).reconcile()).rejects.toBeInstanceOf(SinchClientNotConfiguredError);
  });
});
