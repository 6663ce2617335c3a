import { SpanKind } from '@opentelemetry/api';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWebhookReceiver, silentLogger, type QueuedCallback } from '@sinch-inbounds/core';
import { fixtures } from '@sinch-inbounds/testing';
import { setUpTelemetry } from './support.js';

let telemetry: ReturnType<typeof setUpTelemetry>;

beforeEach(() => {
  telemetry = setUpTelemetry();
});
afterEach(async () => {
  await telemetry.close();
});

const job = (id: string): QueuedCallback => ({
  type: 'mo_text',
  body: JSON.stringify({ ...fixtures.moTextWebhook, id }),
  dedupeKey: `mo:${id}`,
  source: 'webhook',
  receivedAt: Date.now() - 2_000,
  signedAheadMs: 0,
});

it('counts queued-callback runs in sinch.queue.jobs by outcome, records the queue wait once per job, and nests the handler span in a sinch.queue.job span', async () => {
  const receiver = createWebhookReceiver({ secret: 'queue-secret', logger: silentLogger });
  let failures = 1;
  receiver.on('mo_text', () => {
    if (failures-- > 0) throw new Error('down');
  });
  await expect(receiver.process(job('01OTEL1'), { attempt: 1, maxAttempts: 2 })).rejects.toThrow();
  await receiver.process(job('01OTEL1'), { attempt: 2, maxAttempts: 2 });
  await receiver.process(job('01OTEL1'), { attempt: 1, maxAttempts: 2 });
  failures = 1;
  await expect(receiver.process(job('01OTEL2'), { attempt: 2, maxAttempts: 2 })).rejects.toThrow();

  const points = await telemetry.points('sinch.queue.jobs');
  const byOutcome = Object.fromEntries(points.map((p) => [p.attributes['sinch.queue.outcome'], p.value]));
  expect(byOutcome).toEqual({ retried: 1, completed: 1, duplicate: 1, dead_lettered: 1 });
  expect(points.every((p) => p.attributes['sinch.callback.type'] === 'mo_text')).toBe(true);
  expect(points.find((p) => p.attributes['sinch.queue.outcome'] === 'retried')?.attributes['sinch.queue.reason']).toBe('handler_failed');

  const waits = await telemetry.points('sinch.queue.wait.duration');
  expect(waits).toEqual([expect.objectContaining({ count: 2, attributes: { 'sinch.callback.source': 'webhook' } })]);
  expect(waits[0]!.sum! / 2).toBeGreaterThanOrEqual(2);

  const spans = telemetry.spans();
  const jobs = spans.filter((s) => s.name === 'sinch.queue.job');
  expect(jobs).toHaveLength(4);
  expect(jobs.every((s) => s.kind === SpanKind.CONSUMER)).toBe(true);
  const handlers = spans.filter((s) => s.name === 'sinch.handler mo_text');
  // The duplicate ran no handler.
  expect(handlers).toHaveLength(3);
  for (const handler of handlers) expect(jobs.map((s) => s.spanContext().spanId)).toContain(handler.parentSpanContext?.spanId);
});
