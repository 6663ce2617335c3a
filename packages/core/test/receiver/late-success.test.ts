import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, MemoryDedupeStore, type DedupeStore, type WebhookReceiverError } from '../../src/index.js';
import { moText, NOW, recordingLogger, SECRET, signed } from './fixtures.js';

let nonce = 0;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Settles once `check()` holds (polling), so no assertion depends on wall-clock timing. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The in-memory store without its synchronous face: every call a promise, as a shared store's. */
function asyncStore(): DedupeStore {
  const inner = new MemoryDedupeStore();
  return {
    claim: async (key, leaseMs) => inner.claim(key, leaseMs),
    complete: async (key, ttlMs) => inner.complete(key, ttlMs),
    release: async (key) => inner.release(key),
  };
}

/**
 * Copy 1's handlers time out (500); they succeed late while copy 2's run; copy 2's then
 * throw (500). The late success must stand: copy 3 is a duplicate, and the message
 * succeeded once. Copy 2's handlers get the handler timeout too, generously: the test
 * checks they failed by throwing, not by timing out, so a slow machine fails it loudly.
 */
async function lateSuccessThenFailingCopy(dedupe: DedupeStore | undefined) {
  const logger = recordingLogger();
  const r = createWebhookReceiver({ secret: SECRET, logger, now: () => NOW, handlerTimeoutMs: 400, ...(dedupe === undefined ? {} : { dedupe }) });
  const errors: WebhookReceiverError[] = [];
  r.on('error', (e) => void errors.push(e));
  const post = (body: string) => r.handle({ method: 'POST', headers: signed(body, { nonce: `late-${nonce++}` }), body });

  const copy1Released = deferred();
  const copy2Started = deferred();
  const copy2Released = deferred();
  let started = 0;
  let succeeded = 0;
  r.on('mo_text', async () => {
    const copy = ++started;
    if (copy === 1) await copy1Released.promise;
    if (copy === 2) {
      copy2Started.resolve();
      await copy2Released.promise;
      throw new Error('copy 2 fails');
    }
    succeeded++;
  });

  const body = moText('01LATEWIN');
  expect((await post(body)).status).toBe(500);
  expect(errors.map((e) => e.kind)).toEqual(['handler_timeout']);
  const copy2 = post(body);
  await copy2Started.promise;
  copy1Released.resolve();
  await until(() => logger.entries.some((e) => /timed out finished after all/.test(e.message)));
  copy2Released.resolve();
  expect((await copy2).status).toBe(500);
  expect(errors.map((e) => e.kind)).toEqual(['handler_timeout', 'handler']);

  const copy3 = await post(body);
  expect(copy3.body).toBe('{"status":"duplicate"}');
  expect(succeeded).toBe(1);
  expect(started).toBe(2);
  return { logger };
}

describe('a late success while a redelivery holds the claim', () => {
  it('default store: is recorded, and the redelivery failing afterwards does not erase it', async () => {
    const { logger } = await lateSuccessThenFailingCopy(undefined);
    // Copy 2 ran the handlers meanwhile: said once, as it cannot be undone.
    expect(logger.entries.filter((e) => e.level === 'warn' && /ran twice/.test(e.message))).toHaveLength(1);
  });

  it('an async store: the same', async () => {
    await lateSuccessThenFailingCopy(asyncStore());
  });

  it('a store whose release() drops any key, done or not: the receiver still keeps the late success', async () => {
    // release() as a user store may have written it before this contract was stated.
    const inner = new Map<string, 'in_flight' | 'done'>();
    const careless: DedupeStore = {
      async claim(key) {
        const state = inner.get(key);
        if (state !== undefined) return state;
        inner.set(key, 'in_flight');
        return 'claimed';
      },
      async complete(key) {
        inner.set(key, 'done');
      },
      async release(key) {
        inner.delete(key);
      },
    };
    await lateSuccessThenFailingCopy(careless);
    expect(inner.get('mo:01LATEWIN')).toBe('done');
  });
});

describe('MemoryDedupeStore.release', () => {
  it('drops a claim, never a done record', async () => {
    const store = new MemoryDedupeStore();
    expect(await store.claim('k', 60_000)).toBe('claimed');
    await store.complete('k', 60_000);
    await store.release('k');
    expect(await store.claim('k', 60_000)).toBe('done');
  });
});
