import { afterEach, describe, expect, it } from 'vitest';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { createWebhookReceiver, sinchWebhook, type InboundMessage, type WebhookReceiverError } from '../src/index.js';
import { EXPRESSES, serve, SECRET, silentLogger } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe.each(EXPRESSES)('%s: end to end with the Sinch simulator', (_name, express) => {
  async function setup(secretOfSimulator: string | undefined = SECRET) {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    const app = express();
    app.post('/sinch/inbound', sinchWebhook(receiver));
    const server = await serve(app);
    closers.push(server.close);
    const sim: SinchSimulator = await startSinchSimulator({
      webhook: { url: `${server.url}/sinch/inbound`, ...(secretOfSimulator === undefined ? {} : { secret: secretOfSimulator }) },
      timeScale: 0.001,
    });
    closers.push(() => sim.close());
    return { receiver, sim };
  }

  it('delivers a signed SMS, an MMS and a binary SMS to the typed handlers', async () => {
    const { receiver, sim } = await setup();
    const got: InboundMessage[] = [];
    receiver.on('inbound', (m) => void got.push(m));
    const text = await sim.send({ body: 'Hello from the simulator 👋' });
    const mms = await sim.send({ type: 'mo_media' });
    const bin = await sim.send({ type: 'mo_binary' });
    for (const s of [text, mms, bin]) {
      const record = await sim.waitForDelivery(s.inbound.id);
      expect(record.outcome).toBe('delivered');
      expect(record.attempts.map((a) => a.status)).toEqual([200]);
    }
    expect(got.map((m) => m.type).sort()).toEqual(['mo_binary', 'mo_media', 'mo_text']);
    const textMsg = got.find((m) => m.type === 'mo_text');
    expect(textMsg?.type === 'mo_text' && textMsg.body).toBe('Hello from the simulator 👋');
  });

  it('a handler that throws gets 500, and the simulator redelivery succeeds', async () => {
    const { receiver, sim } = await setup();
    const errors: WebhookReceiverError[] = [];
    receiver.on('error', (e) => void errors.push(e));
    let attempts = 0;
    const handled: string[] = [];
    receiver.on('mo_text', (m) => {
      attempts++;
      if (attempts === 1) throw new Error('database briefly unavailable');
      handled.push(m.id);
    });
    const sent = await sim.send({ body: 'retry me' });
    const record = await sim.waitForDelivery(sent.inbound.id);
    expect(record.outcome).toBe('delivered');
    expect(record.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(handled).toEqual([sent.inbound.id]);
    expect(errors.map((e) => e.kind)).toEqual(['handler']);
  });

  it('a redelivered duplicate is acknowledged without running handlers again', async () => {
    const { receiver, sim } = await setup();
    let calls = 0;
    receiver.on('mo_text', () => void calls++);
    const sent = await sim.send();
    await sim.waitForDelivery(sent.inbound.id);
    const again = await sim.redeliver(sent.inbound.id);
    expect(again.outcome).toBe('delivered');
    expect(calls).toBe(1);
  });

  it('callbacks signed with another secret are refused 401, which Sinch does not retry', async () => {
    const { receiver, sim } = await setup('not-the-configured-secret');
    let calls = 0;
    receiver.on('*', () => void calls++);
    const sent = await sim.send();
    const record = await sim.waitForDelivery(sent.inbound.id);
    expect(record.outcome).toBe('dropped');
    expect(record.attempts.map((a) => a.status)).toEqual([401]);
    expect(calls).toBe(0);
  });
});
