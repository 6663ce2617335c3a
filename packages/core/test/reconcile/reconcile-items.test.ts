import { describe, expect, it } from 'vitest';
import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';
import {
  createWebhookReceiver,
  dedupeKeyOf,
  InboundParseError,
  parseInbound,
  WebhookPayloadError,
  type InboundsPageItem,
  type ReconcileSource,
  type UnknownCallback,
  type WebhookContext,
  type WebhookReceiverError,
} from '../../src/index.js';
import { createRecordingLogger } from '@sinch-inbounds/testing';
import { SECRET, TrackingStore } from './support.js';

/** A source over fixed items, recording what it was asked for. */
function itemsSource(items: readonly InboundsPageItem[]): ReconcileSource & { asked: Parameters<ReconcileSource['iterate']>[0][] } {
  const asked: Parameters<ReconcileSource['iterate']>[0][] = [];
  return {
    asked,
    iterate(params) {
      asked.push(params);
      return {
        async *[Symbol.asyncIterator]() {
          for (const item of items) yield item;
        },
      };
    },
  };
}

const message = parseInbound({ ...fixtures.moTextWebhook, id: '01KNOWN' });
const unknownRaw = { id: '01UNKNOWN', type: 'mo_unicode', from: '123', to: '456', received_at: '2024-06-06T14:16:54.777Z', body: 'hi' };
const unknown: InboundsPageItem = { type: 'unknown_inbound', id: '01UNKNOWN', raw: unknownRaw };
const unreadableRaw = { id: '01BROKEN', type: 'mo_text', from: '123', to: '456', received_at: 'yesterday', body: 'x' };
const unreadable: InboundsPageItem = {
  type: 'unreadable_inbound',
  id: '01BROKEN',
  raw: unreadableRaw,
  error: new InboundParseError('$.inbounds[2].received_at', 'not a date'),
};
const since = new Date(Date.now() - 60 * 60 * 1000);

describe('reconcile with items the API cannot give as messages', () => {
  it('dispatches an unknown type as the webhook path would, under the same key, and reports an unreadable item to error handlers', async () => {
    const store = new TrackingStore();
    const logger = createRecordingLogger();
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe: store, logger });
    const unknowns: Array<{ callback: UnknownCallback; context: WebhookContext }> = [];
    const inbound: WebhookContext[] = [];
    receiver.on('unknown', (callback, context) => void unknowns.push({ callback, context }));
    receiver.on('inbound', (_m, context) => void inbound.push(context));
    const errors: WebhookReceiverError[] = [];
    receiver.on('error', (error) => void errors.push(error));

    const report = await receiver.reconcile(itemsSource([message, unknown, unreadable]), { since });
    expect(report).toMatchObject({ seen: 3, handled: 2, unknown: 1, unreadable: 1, duplicates: 0, failed: 0, unreadableIds: ['01BROKEN'] });
    expect(unknowns).toHaveLength(1);
    expect(unknowns[0]!.callback).toEqual({ type: 'mo_unicode', raw: unknownRaw });
    expect(unknowns[0]!.context).toMatchObject({ source: 'reconcile', headers: {}, nonce: undefined });
    expect(JSON.parse(Buffer.from(unknowns[0]!.context.rawBody).toString('utf8'))).toEqual(unknownRaw);
    expect(inbound[0]).toMatchObject({ source: 'reconcile', dedupeKey: 'mo:01KNOWN' });

    // The same unknown callback posted by webhook has the same key: it is a duplicate now.
    const body = JSON.stringify(unknownRaw);
    const answer = await receiver.handle({ method: 'POST', headers: { 'content-type': 'application/json', ...signedCallbackHeaders(body, { secret: SECRET }) }, body });
    expect(answer.status).toBe(200);
    expect(unknowns).toHaveLength(1);
    expect(store.inner.size).toBe(2);
    expect(dedupeKeyOf(unknowns[0]!.callback)).toBeDefined();

    expect(errors).toHaveLength(1);
    const error = errors[0]!;
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error).toMatchObject({ kind: 'payload', source: 'reconcile' });
    expect((error as WebhookPayloadError).cause).toBe((unreadable as { error: InboundParseError }).error);
    expect(JSON.parse(Buffer.from((error as WebhookPayloadError).rawBody).toString('utf8'))).toEqual(unreadableRaw);
  });

  it('logs an unreadable item when no error handler is registered, so it is never silent', async () => {
    const logger = createRecordingLogger();
    const receiver = createWebhookReceiver({ secret: SECRET, logger });
    const report = await receiver.reconcile(itemsSource([unreadable]), { since });
    expect(report.unreadable).toBe(1);
    expect(logger.entries.filter((e) => e.level === 'error').map((e) => e.message).join('\n')).toMatch(/could not be read.*not a date/);
  });

  it('asks the source for the window, with the signal', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: createRecordingLogger() });
    const source = itemsSource([]);
    const signal = new AbortController().signal;
    const until = new Date(Date.now() - 1000);
    const report = await receiver.reconcile(source, { since: since.toISOString(), until, signal });
    expect(source.asked).toEqual([{ startDate: since, endDate: until, signal }]);
    expect(report).toMatchObject({ seen: 0, since, until });
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses an invalid window or source', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: createRecordingLogger() });
    const source = itemsSource([]);
    await expect(receiver.reconcile(source, { since: 'not a date' })).rejects.toThrow(TypeError);
    await expect(receiver.reconcile(source, { since, until: new Date(since.getTime() - 1) })).rejects.toThrow(RangeError);
    await expect(receiver.reconcile({} as ReconcileSource, { since })).rejects.toThrow(/iterate/);
    expect(source.asked).toHaveLength(0);
  });

  it('warns when the window reaches past the dedupe memory, or dedupe is off', async () => {
    const logger = createRecordingLogger();
    const receiver = createWebhookReceiver({ secret: SECRET, logger, dedupeTtlMs: 60_000 });
    await receiver.reconcile(itemsSource([]), { since: new Date(Date.now() - 30_000) });
    expect(logger.entries.filter((e) => e.level === 'warn')).toEqual([]);
    await receiver.reconcile(itemsSource([]), { since: new Date(Date.now() - 120_000) });
    expect(logger.entries.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual([expect.stringMatching(/older than the dedupe memory/)]);

    const off = createRecordingLogger();
    await createWebhookReceiver({ secret: SECRET, logger: off, dedupe: false }).reconcile(itemsSource([]), { since });
    expect(off.entries.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual([expect.stringMatching(/deduplication is off/)]);
  });

  it('counts a type with no handler as unhandled and does not remember it, so a handler registered later gets it on the next run', async () => {
    const store = new TrackingStore();
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe: store, logger: createRecordingLogger() });
    const first = await receiver.reconcile(itemsSource([message]), { since });
    expect(first).toMatchObject({ seen: 1, unhandled: 1, handled: 0, failedIds: [] });
    const seen: string[] = [];
    receiver.on('mo_text', (m) => void seen.push(m.id));
    const second = await receiver.reconcile(itemsSource([message]), { since });
    expect(second).toMatchObject({ seen: 1, unhandled: 0, handled: 1 });
    expect(seen).toEqual(['01KNOWN']);
  });

  it('counts handlers that outlive handlerTimeoutMs as failed, frees the id, and goes on', async () => {
    const store = new TrackingStore();
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe: store, logger: createRecordingLogger(), handlerTimeoutMs: 20 });
    const other = parseInbound({ ...fixtures.moTextWebhook, id: '01OTHER' });
    receiver.on('mo_text', (m) => (m.id === '01KNOWN' ? new Promise<void>(() => {}) : undefined));
    const errors: WebhookReceiverError[] = [];
    receiver.on('error', (error) => void errors.push(error));
    const report = await receiver.reconcile(itemsSource([message, other]), { since });
    expect(report).toMatchObject({ seen: 2, handled: 1, failed: 1, failedIds: ['01KNOWN'] });
    expect(errors.map((e) => e.kind)).toEqual(['handler_timeout']);
    expect(store.held.size).toBe(0);
  });
});
