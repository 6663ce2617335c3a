import { afterEach, describe, expect, it } from 'vitest';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import {
  createWebhookReceiver,
  InboundsClient,
  isFinalDeliveryStatus,
  sinchWebhook,
  type RecipientDeliveryReport,
  type WebhookReceiver,
} from '../src/index.js';
import { EXPRESSES, serve, SECRET, silentLogger } from './helpers.js';

// The two-way loop of issue 24 on Express: a signed SMS reaches the app through the
// middleware, its handler replies through the client, and the simulator's signed delivery
// reports for that reply come back through the same route, each one traceable to it.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** What the app under test remembers: which inbound each reply answers, and every report it got. */
interface ReplyingApp {
  receiver: WebhookReceiver;
  sim: SinchSimulator;
  /** Reply batch id → id of the inbound it answers, as the app stores it after `reply()` resolves. */
  replies: Map<string, string>;
  reports: RecipientDeliveryReport[];
}

describe.each(EXPRESSES)('%s: reply → delivery reports, end to end with the simulator', (_name, express) => {
  async function startReplyingApp(): Promise<ReplyingApp> {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    const app = express();
    app.post('/sinch/callbacks', sinchWebhook(receiver));
    const server = await serve(app);
    closers.push(server.close);
    const sim = await startSinchSimulator({ webhook: { url: `${server.url}/sinch/callbacks`, secret: SECRET }, timeScale: 0.001 });
    closers.push(() => sim.close());
    const client = new InboundsClient({ servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, maxRetries: 0 });

    const replies = new Map<string, string>();
    const reports: RecipientDeliveryReport[] = [];
    receiver.on('mo_text', async (sms) => {
      const batch = await client.reply(sms, `Got "${sms.body}", thanks!`, { clientReference: sms.id });
      replies.set(batch.id, sms.id);
    });
    // The Queued report can arrive before reply() has resolved, so the handler only
    // records; correlation by batch_id is checked once every report is in.
    receiver.on('recipient_delivery_report_sms', (report) => void reports.push(report));
    return { receiver, sim, replies, reports };
  }

  /** Sends an SMS from `from`, waits until its reply's reports were all delivered, and returns the reply's batch id. */
  async function smsAndItsReplyReports(app: ReplyingApp, from: string, body: string): Promise<{ inboundId: string; batchId: string }> {
    const { inbound } = await app.sim.send({ from, body });
    expect((await app.sim.waitForDelivery(inbound.id)).outcome).toBe('delivered');
    const batchId = [...app.replies].find(([, inboundId]) => inboundId === inbound.id)?.[0];
    expect(batchId).toBeDefined();
    const deliveries = await app.sim.waitForDeliveryReports(batchId!);
    expect(deliveries.map((d) => [d.type, d.outcome])).toEqual(deliveries.map(() => ['recipient_delivery_report_sms', 'delivered']));
    return { inboundId: inbound.id, batchId: batchId! };
  }

  it('the reply is sent from the number texted to the sender, and its Queued → Dispatched → Delivered reports find it by batch_id', async () => {
    const app = await startReplyingApp();
    const { inboundId, batchId } = await smsAndItsReplyReports(app, '46701234567', 'is my order shipped?');

    const [sent] = app.sim.sent();
    expect(app.sim.sent()).toHaveLength(1);
    expect(sent).toMatchObject({ id: batchId, from: '12017777777', to: ['46701234567'], body: 'Got "is my order shipped?", thanks!', client_reference: inboundId });
    expect(sent!.delivery_report).toBe('per_recipient');

    expect(app.reports.map((r) => r.status)).toEqual(['Queued', 'Dispatched', 'Delivered']);
    for (const report of app.reports) {
      expect(app.replies.get(report.batch_id)).toBe(inboundId);
      expect(report.client_reference).toBe(inboundId);
      expect(report.recipient).toBe('46701234567');
      expect(report.at).toBeInstanceOf(Date);
    }
    expect(app.reports.map((r) => isFinalDeliveryStatus(r.status))).toEqual([false, false, true]);
  });

  it('a recipient that fails gets a final failure status on its own reply, while another sender’s reply is delivered', async () => {
    const app = await startReplyingApp();
    app.sim.failRecipient('+46709999999');
    const [failing, fine] = await Promise.all([
      smsAndItsReplyReports(app, '46709999999', 'hello from a dead phone'),
      smsAndItsReplyReports(app, '46701111111', 'hello from a live one'),
    ]);
    expect(failing.batchId).not.toBe(fine.batchId);

    const statusesOf = (inboundId: string) =>
      app.reports.filter((r) => app.replies.get(r.batch_id) === inboundId).map((r) => [r.recipient, r.status, r.code, r.client_reference]);
    // Aborted (402, unroutable) happens before the SMSC: no Dispatched report first.
    expect(statusesOf(failing.inboundId)).toEqual([
      ['46709999999', 'Queued', 400, failing.inboundId],
      ['46709999999', 'Aborted', 402, failing.inboundId],
    ]);
    expect(statusesOf(fine.inboundId)).toEqual([
      ['46701111111', 'Queued', 400, fine.inboundId],
      ['46701111111', 'Dispatched', 401, fine.inboundId],
      ['46701111111', 'Delivered', 0, fine.inboundId],
    ]);
    expect(app.reports).toHaveLength(5);
  });
});
