import { describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  MemoryDedupeStore,
  NonceCache,
  verifyWebhook,
  type DedupeStore,
  type ReplayGuard,
  type WebhookReceiverError,
} from '../../src/index.js';
import { KEYLESS_CALLBACK, moText, NOW, recordingLogger, SECRET, signed, silentLogger } from './fixtures.js';

/** A replay guard over an async map, as a shared store would be. */
function asyncGuard(): ReplayGuard & { seen: Map<string, number> } {
  const seen = new Map<string, number>();
  return {
    seen,
    async remember(nonce, expiresAt, now) {
      await new Promise((r) => setImmediate(r));
      const until = seen.get(nonce);
      if (until !== undefined && until > now) return false;
      seen.set(nonce, expiresAt);
      return true;
    },
    async forget(nonce) {
      await new Promise((r) => setImmediate(r));
      seen.delete(nonce);
    },
  };
}

function post(body: string, headers = signed(body)) {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body };
}

describe('an async replay guard', () => {
  it('is awaited: a fresh request is accepted, its replay refused', async () => {
    const replayGuard = asyncGuard();
    const receiver = createWebhookReceiver({ secret: SECRET, replayGuard, logger: silentLogger, now: () => NOW });
    const handled: string[] = [];
    receiver.on('unknown', (c) => void handled.push(c.type));
    // Without a dedupe key, only the replay guard can refuse the replay.
    const request = post(KEYLESS_CALLBACK);
    expect((await receiver.handle(request)).status).toBe(200);
    expect((await receiver.handle(request)).status).toBe(401);
    expect(handled).toEqual(['mo_hologram']);
  });

  it('forgets the nonce of a callback answered 500, awaiting an async forget()', async () => {
    const replayGuard = asyncGuard();
    const receiver = createWebhookReceiver({ secret: SECRET, replayGuard, logger: silentLogger, now: () => NOW });
    let fail = true;
    receiver.on('mo_text', () => {
      if (fail) throw new Error('down');
    });
    const request = post(moText('01FORGET'));
    expect((await receiver.handle(request)).status).toBe(500);
    expect(replayGuard.seen.size).toBe(0);
    fail = false;
    expect((await receiver.handle(request)).status).toBe(200);
  });

  it('answering anything but a boolean (a plain-JS async guard returning a Promise of undefined) is a 500, logged once, never an accepted request', async () => {
    const logger = recordingLogger();
    const guard = { remember: async () => undefined } as unknown as ReplayGuard;
    const receiver = createWebhookReceiver({ secret: SECRET, replayGuard: guard, logger, now: () => NOW });
    const errors: WebhookReceiverError[] = [];
    receiver.on('error', (e) => void errors.push(e));
    let handled = 0;
    receiver.on('mo_text', () => void handled++);
    for (const id of ['01A', '01B', '01C']) expect((await receiver.handle(post(moText(id)))).status).toBe(500);
    expect(handled).toBe(0);
    expect(errors.map((e) => e.kind)).toEqual(['configuration', 'configuration', 'configuration']);
    expect(logger.entries.filter((r) => r.level === 'error')).toHaveLength(1);
    expect(logger.entries[0]?.message).toMatch(/must return or resolve to a boolean, got undefined/);
  });

  it('a guard that rejects or hangs is a 500 reported as a replay-guard failure; the request is not handled', async () => {
    const rejecting: ReplayGuard = { remember: () => Promise.reject(new Error('ECONNREFUSED')) };
    const hanging: ReplayGuard = { remember: () => new Promise<boolean>(() => {}) };
    for (const replayGuard of [rejecting, hanging]) {
      const receiver = createWebhookReceiver({ secret: SECRET, replayGuard, storeTimeoutMs: 50, logger: silentLogger, now: () => NOW });
      const errors: WebhookReceiverError[] = [];
      receiver.on('error', (e) => void errors.push(e));
      let handled = 0;
      receiver.on('mo_text', () => void handled++);
      expect((await receiver.handle(post(moText('01DOWN')))).status).toBe(500);
      expect(handled).toBe(0);
      expect(errors.map((e) => e.kind)).toEqual(['replay_guard']);
    }
  });

  it('verifyWebhook, being synchronous, refuses an async guard with a TypeError instead of accepting', () => {
    const body = moText();
    expect(() =>
      verifyWebhook({ secret: SECRET, headers: signed(body), body, now: NOW, replayGuard: asyncGuard() }),
    ).toThrow(/async replay guard/);
    expect(verifyWebhook({ secret: SECRET, headers: signed(body), body, now: NOW, replayGuard: new NonceCache() }).ok).toBe(true);
  });
});

describe('store calls time out', () => {
  it('a dedupe store that hangs on claim answers 500 after storeTimeoutMs, without running the handler', async () => {
    const store: DedupeStore = {
      claim: () => new Promise(() => {}),
      complete: () => Promise.resolve(),
      release: () => Promise.resolve(),
    };
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe: store, storeTimeoutMs: 50, logger: silentLogger, now: () => NOW });
    const errors: WebhookReceiverError[] = [];
    receiver.on('error', (e) => void errors.push(e));
    let handled = 0;
    receiver.on('mo_text', () => void handled++);
    const started = Date.now();
    expect((await receiver.handle(post(moText('01HUNG')))).status).toBe(500);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(handled).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.kind).toBe('dedupe');
    expect(String((errors[0]?.cause as Error).message)).toMatch(/claim\(\) did not answer within 50 ms/);
  });

  it('storeTimeoutMs must be positive', () => {
    expect(() => createWebhookReceiver({ secret: SECRET, storeTimeoutMs: 0, logger: silentLogger })).toThrow(RangeError);
  });
});

describe('MemoryDedupeStore.rememberedSince', () => {
  it('is its creation time, and moves to the moment it had to forget a key early', async () => {
    let now = 1000;
    const store = new MemoryDedupeStore({ maxEntries: 2, now: () => now });
    expect(await store.rememberedSince()).toBe(1000);
    now = 2000;
    await store.claim('a', 10_000);
    await store.complete('a', 10_000);
    now = 3000;
    await store.claim('b', 10_000);
    await store.complete('b', 10_000);
    expect(await store.rememberedSince()).toBe(1000);
    now = 4000;
    await store.claim('c', 10_000); // full: 'a' is forgotten before its TTL
    expect(await store.rememberedSince()).toBe(4000);
  });
});
