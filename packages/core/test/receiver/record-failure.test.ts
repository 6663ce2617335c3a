import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, MemoryDedupeStore, type DedupeStore, type WebhookReceiverError } from '../../src/index.js';
import { moText, NOW, recordingLogger, SECRET, signed } from './fixtures.js';

const LEASE_MS = 60_000;

/** The in-memory store on a clock the test moves, whose `complete()` fails while `failing`. */
function recordFailingStore() {
  let clock = NOW;
  const inner = new MemoryDedupeStore({ now: () => clock });
  const store: DedupeStore & { failing: boolean; advance(ms: number): void } = {
    failing: true,
    advance(ms) {
      clock += ms;
    },
    claim: async (key, leaseMs) => inner.claim(key, leaseMs),
    complete: async (key, ttlMs) => {
      if (store.failing) throw new Error('READONLY You can’t write against a read only replica.');
      inner.complete(key, ttlMs);
    },
    release: async (key) => inner.release(key),
  };
  return store;
}

describe('the dedupe store fails to record a success (complete() fails after the handlers succeeded)', () => {
  it('answers 200 — the message was handled — and reports "failed to record" to error handlers', async () => {
    const store = recordFailingStore();
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe: store, dedupeLeaseMs: LEASE_MS, logger: recordingLogger(), now: () => NOW });
    const handled: string[] = [];
    const reported: WebhookReceiverError[] = [];
    receiver.on('mo_text', (m) => void handled.push(m.id));
    receiver.on('error', (e) => void reported.push(e));
    const body = moText('01NORECORD');
    const response = await receiver.handle({ method: 'POST', headers: signed(body, { nonce: 'first' }), body });
    expect(response.status).toBe(200);
    expect(response.body).toBe('{"status":"accepted"}');
    expect(handled).toEqual(['01NORECORD']);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.kind).toBe('dedupe');
    expect(reported[0]!.message).toMatch(/failed to record/);
    expect(String((reported[0]!.cause as Error).message)).toMatch(/READONLY/);
  });

  it('as core’s README says: no done key is left, so a copy arriving once the claim’s lease has passed runs the handler again', async () => {
    const store = recordFailingStore();
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe: store, dedupeLeaseMs: LEASE_MS, duplicateWaitMs: 0, logger: recordingLogger(), now: () => NOW });
    const handled: string[] = [];
    receiver.on('mo_text', (m) => void handled.push(m.id));
    receiver.on('error', () => {});
    const body = moText('01NORECORD2');
    expect((await receiver.handle({ method: 'POST', headers: signed(body, { nonce: 'a' }), body })).status).toBe(200);
    store.failing = false;
    // Within the lease the claim still holds the key: the copy is deferred (500), not run.
    expect((await receiver.handle({ method: 'POST', headers: signed(body, { nonce: 'b' }), body })).status).toBe(500);
    store.advance(LEASE_MS);
    expect((await receiver.handle({ method: 'POST', headers: signed(body, { nonce: 'c' }), body })).status).toBe(200);
    expect(handled).toEqual(['01NORECORD2', '01NORECORD2']);
  });
});
