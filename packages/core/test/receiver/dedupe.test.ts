import { describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  dedupeKeyOf,
  MemoryDedupeStore,
  parseCallback,
  type DedupeClaim,
  type DedupeStore,
  type WebhookReceiverError,
} from '../../src/index.js';
import { moText, NOW, RECIPIENT_DR, SECRET, signed, silentLogger } from './fixtures.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('MemoryDedupeStore', () => {
  it('claims once, reports in_flight, then done after complete, and forgets after the TTL', async () => {
    let now = 0;
    const store = new MemoryDedupeStore({ now: () => now });
    expect(await store.claim('k', 1000)).toBe('claimed');
    expect(await store.claim('k', 1000)).toBe('in_flight');
    await store.complete('k', 5000);
    expect(await store.claim('k', 1000)).toBe('done');
    now = 5001;
    expect(await store.claim('k', 1000)).toBe('claimed');
  });

  it('release makes a key claimable again; a lapsed lease too', async () => {
    let now = 0;
    const store = new MemoryDedupeStore({ now: () => now });
    await store.claim('a', 100);
    await store.release('a');
    expect(await store.claim('a', 100)).toBe('claimed');
    now = 101;
    expect(await store.claim('a', 100)).toBe('claimed');
  });

  it('stays bounded, forgetting the oldest keys first', async () => {
    const store = new MemoryDedupeStore({ maxEntries: 3, now: () => 0 });
    for (const k of ['a', 'b', 'c', 'd']) {
      await store.claim(k, 1000);
      await store.complete(k, 1000);
    }
    expect(store.size).toBe(3);
    expect(await store.claim('a', 1000)).toBe('claimed');
    expect(await store.claim('d', 1000)).toBe('done');
    expect(() => new MemoryDedupeStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});

describe('dedupeKeyOf', () => {
  it('keys inbounds by id across MO types, recipient reports by their identity, unknowns by id if any', () => {
    expect(dedupeKeyOf(parseCallback(moText('01ABC')))).toBe('mo:01ABC');
    expect(dedupeKeyOf(parseCallback(RECIPIENT_DR))).toBe(
      'dr:["recipient_delivery_report_sms","01JHFFHQ0P99JPPNQPJDV7JTBP","33662162466",0,"Delivered","2025-01-13T09:22:40.914Z"]',
    );
    expect(dedupeKeyOf(parseCallback('{"type":"new_event","id":"E1"}'))).toBe('unknown:["new_event","E1"]');
    expect(dedupeKeyOf(parseCallback('{"type":"new_event"}'))).toBeUndefined();
    const batch = (count: number) =>
      dedupeKeyOf(
        parseCallback({
          type: 'delivery_report_sms',
          batch_id: 'B1',
          total_message_count: 2,
          statuses: [{ code: 0, status: 'Delivered', count }],
        }),
      );
    expect(batch(1)).not.toBe(batch(2));
    expect(batch(1)).toBe(batch(1));
  });
});

describe('receiver dedupe', () => {
  const receiver = (dedupe?: DedupeStore | false) =>
    createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW, ...(dedupe === undefined ? {} : { dedupe }) });
  const post = (r: ReturnType<typeof receiver>, body: string) => r.handle({ method: 'POST', headers: signed(body), body });

  it('a duplicate after success is 200 "duplicate" without calling handlers', async () => {
    const r = receiver();
    let calls = 0;
    r.on('mo_text', () => void calls++);
    expect((await post(r, moText('01DUP'))).body).toBe('{"status":"accepted"}');
    const again = await post(r, moText('01DUP'));
    expect(again.status).toBe(200);
    expect(again.body).toBe('{"status":"duplicate"}');
    expect(calls).toBe(1);
  });

  it('concurrent duplicates never run handlers concurrently; they ride on the first outcome', async () => {
    const r = receiver();
    const gate = deferred();
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    r.on('mo_text', async () => {
      calls++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      await gate.promise;
      running--;
    });
    const all = Promise.all([1, 2, 3, 4, 5].map(() => post(r, moText('01SAME'))));
    await new Promise((res) => setTimeout(res, 20));
    gate.resolve();
    const results = await all;
    expect(results.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((x) => x.body.includes('accepted'))).toHaveLength(1);
    expect(calls).toBe(1);
    expect(maxRunning).toBe(1);
  });

  it('after a handler failure the id is released, so the redelivery is handled; waiting copies fail with the first', async () => {
    const r = receiver();
    const gate = deferred();
    let attempt = 0;
    r.on('error', () => {});
    r.on('mo_text', async () => {
      attempt++;
      if (attempt === 1) {
        await gate.promise;
        throw new Error('first attempt fails');
      }
    });
    const first = post(r, moText('01RETRY'));
    const concurrent = post(r, moText('01RETRY'));
    await new Promise((res) => setTimeout(res, 10));
    gate.resolve();
    expect((await first).status).toBe(500);
    expect((await concurrent).status).toBe(500);
    const redelivery = await post(r, moText('01RETRY'));
    expect(redelivery.status).toBe(200);
    expect(redelivery.body).toBe('{"status":"accepted"}');
    expect(attempt).toBe(2);
  });

  it('dedupe: false handles every copy', async () => {
    const r = receiver(false);
    let calls = 0;
    r.on('mo_text', () => void calls++);
    await post(r, moText('01X'));
    await post(r, moText('01X'));
    expect(calls).toBe(2);
  });

  it('a claim held by another process is polled until it is done', async () => {
    // A shared store whose key another instance holds, finishing shortly.
    const states: DedupeClaim[] = ['in_flight', 'in_flight', 'done'];
    const store: DedupeStore = {
      claim: async () => states.shift() ?? 'done',
      complete: async () => {},
      release: async () => {},
    };
    const r = receiver(store);
    let calls = 0;
    r.on('mo_text', () => void calls++);
    const res = await post(r, moText('01ELSEWHERE'));
    expect(res.body).toBe('{"status":"duplicate"}');
    expect(calls).toBe(0);
  });

  it('a failing store answers 500 and reports a dedupe error, without running handlers', async () => {
    const store: DedupeStore = {
      claim: async () => {
        throw new Error('redis down');
      },
      complete: async () => {},
      release: async () => {},
    };
    const r = receiver(store);
    const errors: WebhookReceiverError[] = [];
    r.on('error', (e) => void errors.push(e));
    let calls = 0;
    r.on('mo_text', () => void calls++);
    expect((await post(r, moText())).status).toBe(500);
    expect(calls).toBe(0);
    expect(errors[0]?.kind).toBe('dedupe');
  });

  it('a duplicate that waits longer than duplicateWaitMs answers 500', async () => {
    const store: DedupeStore = { claim: async () => 'in_flight', complete: async () => {}, release: async () => {} };
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW, dedupe: store, duplicateWaitMs: 30 });
    r.on('error', () => {});
    r.on('mo_text', () => {});
    expect((await post(r, moText())).status).toBe(500);
  });

  it('in one process a copy never runs concurrently, even after the store lease lapsed', async () => {
    let clock = 0;
    const store = new MemoryDedupeStore({ now: () => clock });
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW, dedupe: store, dedupeLeaseMs: 1000 });
    const slow = deferred();
    let calls = 0;
    r.on('error', () => {});
    r.on('mo_text', async () => {
      calls++;
      await slow.promise;
      throw new Error('the slow first attempt fails');
    });
    const first = post(r, moText('01LEASE'));
    await new Promise((res) => setTimeout(res, 10));
    clock = 2000; // the store would now hand the key to anyone who asks
    const second = post(r, moText('01LEASE'));
    await new Promise((res) => setTimeout(res, 10));
    expect(calls).toBe(1);
    slow.resolve();
    expect((await first).status).toBe(500);
    expect((await second).status).toBe(500);
    expect(calls).toBe(1);
  });
});
