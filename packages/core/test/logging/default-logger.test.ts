import { formatWithOptions } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtures } from '@sinch-inbounds/testing';
import { createWebhookReceiver, defaultLogger, MemoryDedupeStore, type DedupeStore } from '../../src/index.js';
import { NOW, RECIPIENT_DR, SECRET, signed } from '../receiver/fixtures.js';

const FROM = '46700000111';
const TO = '46700000999';
const BODY = 'my PIN is 4242, call me at 0701234567';
const ID = '01JLOGGED00000000000000000';

/** What the console would print, per stream: each call formatted as Node's console formats it. */
let printed: Record<'info' | 'warn' | 'error', string[]>;

beforeEach(() => {
  printed = { info: [], warn: [], error: [] };
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed[level].push(formatWithOptions({ depth: 10 }, ...args)));
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

function post(body: string) {
  return { method: 'POST', headers: signed(body), body };
}

describe('defaultLogger', () => {
  it('prints a failing handler with the callback id and type, and no number, body or raw bytes', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, now: () => NOW });
    receiver.on('mo_text', () => {
      throw new Error('the database is down');
    });
    const body = JSON.stringify({ ...fixtures.moTextWebhook, id: ID, from: FROM, to: TO, body: BODY, client_reference: 'ref-of-the-app' });
    expect((await receiver.handle(post(body))).status).toBe(500);

    expect(printed.error).toHaveLength(1);
    const line = printed.error[0] as string;
    expect(line).toContain('WebhookHandlerError');
    expect(line).toContain('the database is down'); // the handler's own error, with its stack
    expect(line).toContain(ID);
    expect(line).toContain('mo_text');
    for (const content of [FROM, TO, BODY, 'ref-of-the-app', '4242']) expect(line).not.toContain(content);
    expect(line).not.toMatch(/\bfrom\b|\bto:|\bbody:/);
  });

  it('prints a delivery report failure without its recipient, even inside its dedupe key', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET, now: () => NOW });
    receiver.on('recipient_delivery_report_sms', () => {
      throw new Error('nope');
    });
    expect((await receiver.handle(post(RECIPIENT_DR))).status).toBe(500);
    const recipient = (JSON.parse(RECIPIENT_DR) as { recipient: string }).recipient;
    const all = [...printed.error, ...printed.warn].join('\n');
    expect(all).toContain('01JHFFHQ0P99JPPNQPJDV7JTBP');
    expect(all).not.toContain(recipient);
  });

  it('shows info, e.g. that a failing store answers again', async () => {
    const inner = new MemoryDedupeStore();
    let down = true;
    const fail = () => Promise.reject(new Error('ECONNREFUSED'));
    const dedupe: DedupeStore = {
      claim: (key, leaseMs) => (down ? fail() : inner.claim(key, leaseMs)),
      complete: (key, ttlMs) => (down ? fail() : inner.complete(key, ttlMs)),
      release: (key) => (down ? fail() : inner.release(key)),
    };
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe, now: () => NOW });
    receiver.on('mo_text', () => {});
    const body = JSON.stringify({ ...fixtures.moTextWebhook, id: ID });
    expect((await receiver.handle(post(body))).status).toBe(500);
    down = false;
    expect((await receiver.handle(post(body))).status).toBe(200);
    expect(printed.info).toEqual([expect.stringMatching(/^sinch webhook: the dedupe store answers again/)]);
    defaultLogger.info('plain info');
    expect(printed.info[1]).toBe('plain info');
  });

  it('leaves contexts without content as they are, and drops debug', () => {
    defaultLogger.warn('refused', { reason: 'stale', key: 'mo:01ABC', count: 3 });
    defaultLogger.debug('not shown', { body: BODY });
    expect(printed.warn).toEqual([formatWithOptions({ depth: 10 }, 'refused', { reason: 'stale', key: 'mo:01ABC', count: 3 })]);
    expect([...printed.info, ...printed.error].join('')).not.toContain('not shown');
  });
});
