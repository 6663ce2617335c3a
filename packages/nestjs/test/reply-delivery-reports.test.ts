import { Inject, Injectable, type DynamicModule, type LoggerService } from '@nestjs/common';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OnSinchCallback,
  SinchClientNotConfiguredError,
  SinchInboundsModule,
  SinchInboundsService,
  type MoText,
  type RecipientDeliveryReport,
} from '../src/index.js';
import { ReplyHandler } from './readme-app/src/reply.handler.js';
import { PLATFORMS, recordingLogger, startNestApp, type RunningApp } from './support/nest-app.js';
import { SECRET } from './support/signed-request.js';

// The two-way loop of issue 24 on Nest: a signed SMS reaches an @OnSinchCallback handler
// through the module's controller, the handler replies through SinchInboundsService, and
// the simulator's signed delivery reports for that reply come back through the same
// controller to another handler, each one traceable to the reply.

/** The module with its client on `sim`'s REST API and the test's webhook secret. */
function moduleOnSimulator(sim: SinchSimulator): DynamicModule {
  return SinchInboundsModule.forRoot({
    client: { servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, maxRetries: 0 },
    webhook: { secret: SECRET },
    logger: recordingLogger(),
  });
}

/** The app's handlers: replies to every text, and records every delivery report. */
@Injectable()
class ReplyingHandler {
  /** Reply batch id → id of the inbound it answers, as stored once `reply()` resolved. */
  readonly replies = new Map<string, string>();
  readonly reports: RecipientDeliveryReport[] = [];

  constructor(@Inject(SinchInboundsService) private readonly sinch: SinchInboundsService) {}

  @OnSinchCallback('mo_text')
  async onText(sms: MoText): Promise<void> {
    const batch = await this.sinch.reply(sms, `Got "${sms.body}", thanks!`, { clientReference: sms.id });
    this.replies.set(batch.id, sms.id);
  }

  // The Queued report can arrive before reply() has resolved, so this only records;
  // correlation by batch_id is checked once every report is in.
  @OnSinchCallback('recipient_delivery_report_sms')
  onReport(report: RecipientDeliveryReport): void {
    this.reports.push(report);
  }
}

describe.each(PLATFORMS)('reply → delivery reports through SinchInboundsService on %s', (platform) => {
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

  async function startReplyingApp(): Promise<{ sinch: SinchInboundsService; handler: ReplyingHandler }> {
    running = await startNestApp(platform, {
      imports: [moduleOnSimulator(sim)],
      providers: [ReplyingHandler],
    });
    sim.setWebhook({ url: `${running.url}/sinch/callbacks`, secret: SECRET });
    return { sinch: running.app.get(SinchInboundsService), handler: running.app.get(ReplyingHandler) };
  }

  /** Sends an SMS from `from`, waits until its reply's reports were all delivered, and returns the reply's batch id. */
  async function smsAndItsReplyReports(handler: ReplyingHandler, from: string): Promise<{ inboundId: string; batchId: string }> {
    const { inbound } = await sim.send({ from, body: 'where is my parcel?' });
    expect((await sim.waitForDelivery(inbound.id)).outcome).toBe('delivered');
    const batchId = [...handler.replies].find(([, inboundId]) => inboundId === inbound.id)?.[0];
    expect(batchId).toBeDefined();
    const deliveries = await sim.waitForDeliveryReports(batchId!);
    expect(deliveries.map((d) => [d.type, d.outcome])).toEqual(deliveries.map(() => ['recipient_delivery_report_sms', 'delivered']));
    return { inboundId: inbound.id, batchId: batchId! };
  }

  it('a handler replies through the service, and Queued → Dispatched → Delivered come back to the webhook with its batch_id', async () => {
    const { sinch, handler } = await startReplyingApp();
    const { inboundId, batchId } = await smsAndItsReplyReports(handler, '46701234567');

    expect(sim.sent()).toHaveLength(1);
    expect(sim.sent()[0]).toMatchObject({ id: batchId, from: '12017777777', to: ['46701234567'], body: 'Got "where is my parcel?", thanks!', client_reference: inboundId });
    expect(handler.reports.map((r) => [r.batch_id, r.client_reference, r.recipient, r.status])).toEqual([
      [batchId, inboundId, '46701234567', 'Queued'],
      [batchId, inboundId, '46701234567', 'Dispatched'],
      [batchId, inboundId, '46701234567', 'Delivered'],
    ]);
    expect(handler.reports.every((r) => handler.replies.get(r.batch_id) === inboundId)).toBe(true);

    // Read back afterwards through the service: the same outcome.
    const report = await sinch.getDeliveryReport(batchId, { type: 'full' });
    expect(report).toMatchObject({ type: 'delivery_report_sms', batch_id: batchId, client_reference: inboundId, total_message_count: 1 });
    expect(report.statuses.map((s) => [s.status, s.count, s.recipients])).toEqual([['Delivered', 1, ['46701234567']]]);
  });

  it('a reply to a recipient that fails ends in Failed, traced to that reply while another is delivered', async () => {
    const { handler } = await startReplyingApp();
    sim.failRecipient('46709999999', { status: 'Failed', code: 404 });
    const [failing, fine] = await Promise.all([smsAndItsReplyReports(handler, '46709999999'), smsAndItsReplyReports(handler, '46701111111')]);

    const reportsOf = (inboundId: string) =>
      handler.reports.filter((r) => handler.replies.get(r.batch_id) === inboundId).map((r) => [r.recipient, r.status, r.code, r.client_reference]);
    expect(reportsOf(failing.inboundId)).toEqual([
      ['46709999999', 'Queued', 400, failing.inboundId],
      ['46709999999', 'Dispatched', 401, failing.inboundId],
      ['46709999999', 'Failed', 404, failing.inboundId],
    ]);
    expect(reportsOf(fine.inboundId).map(([, status]) => status)).toEqual(['Queued', 'Dispatched', 'Delivered']);
    expect(handler.reports).toHaveLength(6);
  });

  it('sendText reaches several numbers in one batch; each recipient’s reports carry its batch_id and client_reference', async () => {
    const { sinch, handler } = await startReplyingApp();
    sim.failRecipient('46709999999');
    const batch = await sinch.sendText({ from: '12017777777', to: ['46701111111', '46709999999'], body: 'Your parcel is out for delivery', clientReference: 'parcel-42' });
    expect((await sim.waitForDeliveryReports(batch.id)).every((d) => d.outcome === 'delivered')).toBe(true);

    const finals = handler.reports.filter((r) => r.status !== 'Queued' && r.status !== 'Dispatched');
    expect(finals.map((r) => [r.batch_id, r.client_reference, r.recipient, r.status]).sort()).toEqual([
      [batch.id, 'parcel-42', '46701111111', 'Delivered'],
      [batch.id, 'parcel-42', '46709999999', 'Aborted'],
    ]);
    expect(handler.replies.size).toBe(0);
  });

  it('without client options, reply, sendText and getDeliveryReport reject with an error naming the method', async () => {
    running = await startNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })],
    });
    const sinch = running.app.get(SinchInboundsService);
    const sms = { from: '46701234567', to: '12017777777' };
    await expect(sinch.reply(sms, 'hi')).rejects.toThrow(SinchClientNotConfiguredError);
    await expect(sinch.reply(sms, 'hi')).rejects.toThrow(/SinchInboundsService\.reply\(\)/);
    await expect(sinch.sendText({ from: '12017777777', to: '46701234567', body: 'hi' })).rejects.toThrow(/SinchInboundsService\.sendText\(\)/);
    await expect(sinch.getDeliveryReport('01BATCH')).rejects.toThrow(/SinchInboundsService\.getDeliveryReport\(\)/);
    expect(sim.requests()).toEqual([]);
  });
});

/** Nest's logger for the app: keeps what `ReplyHandler` logs, drops the rest. */
class ReplyHandlerLog implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown, context?: unknown): void {
    if (context === ReplyHandler.name) this.lines.push(String(message));
  }
  error(): void {}
  warn(): void {}
}

describe.each(PLATFORMS)('the README’s ReplyHandler on %s', (platform) => {
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

  it('replies to an SMS and logs each delivery report of the reply, the last one final', async () => {
    const log = new ReplyHandlerLog();
    running = await startNestApp(platform, {
      imports: [moduleOnSimulator(sim)],
      providers: [ReplyHandler],
      options: { logger: log },
    });
    sim.setWebhook({ url: `${running.url}/sinch/callbacks`, secret: SECRET });

    const { inbound } = await sim.send({ from: '46701234567', body: 'hello?' });
    expect((await sim.waitForDelivery(inbound.id)).outcome).toBe('delivered');
    const [batch] = sim.sent();
    expect(batch).toMatchObject({ from: '12017777777', to: ['46701234567'], body: 'Thanks, we got your message!', client_reference: inbound.id });
    expect((await sim.waitForDeliveryReports(batch!.id)).map((d) => d.outcome)).toEqual(['delivered', 'delivered', 'delivered']);

    expect(log.lines).toContain(`replied to ${inbound.id} with batch ${batch!.id}`);
    expect(log.lines.filter((line) => line.startsWith('reply to '))).toEqual([
      `reply to ${inbound.id} (batch ${batch!.id}) to 46701234567: Queued`,
      `reply to ${inbound.id} (batch ${batch!.id}) to 46701234567: Dispatched`,
      `reply to ${inbound.id} (batch ${batch!.id}) to 46701234567: Delivered (final)`,
    ]);
  });
});
