import { tracingChannel } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  DIAGNOSTICS_CHANNELS,
  silentLogger,
  type CallbackQueue,
  type HandlerDiagnostic,
  type WebhookDiagnostic,
  type QueueJobDiagnostic,
  type QueuedCallback,
} from '../../src/index.js';
import { moText, NOW, RECIPIENT_DR, SECRET, signed } from '../receiver/fixtures.js';

/** Records the messages of one tracing channel as they are at `asyncEnd` (complete). */
function finishedOn<M extends object>(name: string, order: string[]) {
  const channel = tracingChannel<unknown, M>(name);
  const finished: M[] = [];
  const handlers = {
    start: () => void order.push(`${name}:start`),
    end: () => {},
    asyncStart: () => {},
    asyncEnd: (message: M) => {
      order.push(`${name}:asyncEnd`);
      finished.push({ ...message });
    },
    error: () => {},
  };
  channel.subscribe(handlers);
  stops.push(() => channel.unsubscribe(handlers));
  return { finished };
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const job = (id: string): QueuedCallback => ({ type: 'mo_text', body: moText(id), dedupeKey: `mo:${id}`, source: 'webhook', receivedAt: Date.now() - 1500, signedAheadMs: 0 });

describe('the sinch-inbounds:queue:job channel', () => {
  it('traces each process() run: completed, duplicate, retried with attempts left, dead-lettered on the last — the handler trace inside', async () => {
    const order: string[] = [];
    const jobs = finishedOn<QueueJobDiagnostic>(DIAGNOSTICS_CHANNELS.queueJob, order);
    finishedOn<HandlerDiagnostic>(DIAGNOSTICS_CHANNELS.handler, order);
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW });
    let fail = false;
    receiver.on('mo_text', () => {
      if (fail) throw new Error('down');
    });

    await receiver.process(job('01DIAG1'), { attempt: 1, maxAttempts: 3 });
    await receiver.process(job('01DIAG1'));
    fail = true;
    await expect(receiver.process(job('01DIAG2'), { attempt: 1, maxAttempts: 3 })).rejects.toThrow();
    await expect(receiver.process(job('01DIAG2'), { attempt: 3, maxAttempts: 3 })).rejects.toThrow();
    await expect(receiver.process({ ...job('01DIAG3'), body: '{}' })).rejects.toThrow();

    expect(jobs.finished.map(({ outcome, reason, attempt, callbackId }) => ({ outcome, reason, attempt, callbackId }))).toEqual([
      { outcome: 'completed', reason: undefined, attempt: 1, callbackId: '01DIAG1' },
      { outcome: 'duplicate', reason: undefined, attempt: undefined, callbackId: '01DIAG1' },
      { outcome: 'retried', reason: 'handler_failed', attempt: 1, callbackId: '01DIAG2' },
      { outcome: 'dead_lettered', reason: 'handler_failed', attempt: 3, callbackId: '01DIAG2' },
      { outcome: 'dead_lettered', reason: 'invalid_payload', attempt: undefined, callbackId: undefined },
    ]);
    expect(jobs.finished.every((m) => m.source === 'webhook' && m.waitMs >= 1500 && m.waitMs < 60_000)).toBe(true);
    // The handler trace nests inside the job's.
    expect(order.slice(0, 4)).toEqual([
      `${DIAGNOSTICS_CHANNELS.queueJob}:start`,
      `${DIAGNOSTICS_CHANNELS.handler}:start`,
      `${DIAGNOSTICS_CHANNELS.handler}:asyncEnd`,
      `${DIAGNOSTICS_CHANNELS.queueJob}:asyncEnd`,
    ]);
  });
});

describe('the webhook channel with a queue', () => {
  it('reports a queued callback as accepted with its type, id and delivery status, and a full queue as failed (queue_full)', async () => {
    const webhooks = finishedOn<WebhookDiagnostic>(DIAGNOSTICS_CHANNELS.webhook, []);
    let full = false;
    const queue: CallbackQueue = { enqueue: async () => ({ type: full ? 'full' : 'enqueued' }) };
    const receiver = createWebhookReceiver({ secret: SECRET, queue, logger: silentLogger, now: () => NOW });
    const post = (body: string) => receiver.handle({ method: 'POST', headers: { 'content-type': 'application/json', ...signed(body) }, body });
    expect((await post(RECIPIENT_DR)).status).toBe(200);
    full = true;
    expect((await post(moText('01DIAGFULL'))).status).toBe(429);
    expect(webhooks.finished.map(({ outcome, status, reason, callbackType, deliveryStatus }) => ({ outcome, status, reason, callbackType, deliveryStatus }))).toEqual([
      { outcome: 'accepted', status: 200, reason: undefined, callbackType: 'recipient_delivery_report_sms', deliveryStatus: JSON.parse(RECIPIENT_DR).status },
      { outcome: 'failed', status: 429, reason: 'queue_full', callbackType: 'mo_text', deliveryStatus: undefined },
    ]);
  });
});
