import { tracingChannel } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  DIAGNOSTICS_CHANNELS,
  silentLogger,
  type HandlerDiagnostic,
  type QueueJobDiagnostic,
  type QueuedCallback,
} from '../../src/index.js';
import { moText, NOW, SECRET } from '../receiver/fixtures.js';

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
