import { describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  MemoryDedupeStore,
  NonceCache,
  type DedupeClaim,
  type DedupeStore,
  type NonceClaim,
  type ReplayGuard,
  type WebhookReceiverError,
} from '../../src/index.js';
import { KEYLESS_CALLBACK, moText, NOW, recordingLogger, SECRET, signed } from './fixtures.js';

/** A replay guard that counts what the receiver asks of it directly. */
class CountingGuard implements ReplayGuard {
  readonly #nonces = new NonceCache();
  remembers = 0;
  forgets = 0;

  remember(nonce: string, expiresAtMs: number, nowMs: number): boolean {
    this.remembers++;
    return this.#nonces.remember(nonce, expiresAtMs, nowMs);
  }

  forget(nonce: string): void {
    this.forgets++;
    this.#nonces.forget(nonce);
  }
}

/**
 * A dedupe store that keeps the nonces of one guard itself, as the Redis store does for
 * a Redis replay guard on the same client: it remembers a nonce and claims a key in one
 * step for that guard, and answers `undefined` for any other.
 */
class NonceKeepingStore implements DedupeStore {
  readonly #inner = new MemoryDedupeStore();
  readonly #nonces = new NonceCache();
  readonly #ownGuard: ReplayGuard;
  claims = 0;
  combined = 0;
  readonly forgotten: Array<{ key: string; nonce: string }> = [];
  /** The next combined call rejects after it wrote the nonce (a reply lost with the connection). */
  failNext = false;

  constructor(ownGuard: ReplayGuard) {
    this.#ownGuard = ownGuard;
  }

  claim(key: string, leaseMs: number): Promise<DedupeClaim> {
    this.claims++;
    return this.#inner.claim(key, leaseMs);
  }

  complete(key: string, ttlMs: number): Promise<void> {
    return this.#inner.complete(key, ttlMs);
  }

  release(key: string): Promise<void> {
    return this.#inner.release(key);
  }

  claimWithNonce(key: string, leaseMs: number, guard: ReplayGuard, nonce: string, expiresAtMs: number, nowMs: number): Promise<NonceClaim> | undefined {
    this.combined++;
    if (guard !== this.#ownGuard) return undefined;
    const fresh = this.#nonces.remember(nonce, expiresAtMs, nowMs);
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('Socket closed unexpectedly'));
    }
    return this.#inner.claim(key, leaseMs).then((claim) => ({ claim, fresh }));
  }

  async forgetNonce(key: string, nonce: string, guard: ReplayGuard): Promise<void> {
    expect(guard).toBe(this.#ownGuard);
    this.forgotten.push({ key, nonce });
    this.#nonces.forget(nonce);
  }
}

function setUp(options: { storeGuard?: ReplayGuard } = {}) {
  const replayGuard = new CountingGuard();
  const dedupe = new NonceKeepingStore(options.storeGuard ?? replayGuard);
  const receiver = createWebhookReceiver({ secret: SECRET, replayGuard, dedupe, logger: recordingLogger(), now: () => NOW });
  const reported: WebhookReceiverError[] = [];
  receiver.on('error', (e) => void reported.push(e));
  return { receiver, replayGuard, dedupe, reported };
}

const BODY = moText('01JCLAIMWITHNONCE000000001');
const request = (nonce: string, body = BODY) => ({ method: 'POST', headers: signed(body, { nonce }), body });

describe('a dedupe store that remembers the nonce and claims the key in one step (claimWithNonce)', () => {
  it('a fresh callback: one combined call, no remember, no claim; handled, 200', async () => {
    const { receiver, replayGuard, dedupe } = setUp();
    let handled = 0;
    receiver.on('mo_text', () => void handled++);
    expect((await receiver.handle(request('fresh'))).status).toBe(200);
    expect(handled).toBe(1);
    expect({ combined: dedupe.combined, remembers: replayGuard.remembers, claims: dedupe.claims }).toEqual({ combined: 1, remembers: 0, claims: 0 });
  });

  it('the same signed request again once handled (seen nonce, done key): 200 duplicate, the handler not run again', async () => {
    const { receiver, replayGuard, dedupe } = setUp();
    let handled = 0;
    receiver.on('mo_text', () => void handled++);
    expect((await receiver.handle(request('seen'))).status).toBe(200);
    const again = await receiver.handle(request('seen'));
    expect(again.status).toBe(200);
    expect(again.body).toContain('duplicate');
    expect(handled).toBe(1);
    expect({ combined: dedupe.combined, remembers: replayGuard.remembers, claims: dedupe.claims }).toEqual({ combined: 2, remembers: 0, claims: 0 });
  });

  it('the same signed request while the first copy runs (seen nonce, key in flight): waits and shares its outcome', async () => {
    const { receiver, dedupe } = setUp();
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (finish = resolve));
    let started = 0;
    receiver.on('mo_text', () => {
      started++;
      return running;
    });
    const first = receiver.handle(request('in-flight'));
    await expect.poll(() => started).toBe(1);
    const second = receiver.handle(request('in-flight'));
    await expect.poll(() => dedupe.combined).toBe(2);
    finish();
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toContain('duplicate');
    expect(started).toBe(1);
    expect(dedupe.claims).toBe(0);
  });

  it('a failed combined call: 500 as a replay-guard failure, the nonce forgotten through forgetNonce; the redelivery is handled', async () => {
    const { receiver, replayGuard, dedupe, reported } = setUp();
    let handled = 0;
    receiver.on('mo_text', () => void handled++);
    dedupe.failNext = true;
    expect((await receiver.handle(request('failed'))).status).toBe(500);
    expect(reported.map((e) => e.kind)).toEqual(['replay_guard']);
    await expect.poll(() => dedupe.forgotten).toEqual([{ key: expect.any(String), nonce: 'failed' }]);
    expect(replayGuard.forgets).toBe(0);
    expect((await receiver.handle(request('failed'))).status).toBe(200);
    expect(handled).toBe(1);
  });

  it('a handler failure (500): the nonce is forgotten with forgetNonce, not guard.forget, and the redelivery is handled', async () => {
    const { receiver, replayGuard, dedupe } = setUp();
    let calls = 0;
    receiver.on('mo_text', () => {
      if (++calls === 1) throw new Error('first try fails');
    });
    expect((await receiver.handle(request('retry-me'))).status).toBe(500);
    expect(dedupe.forgotten.map((f) => f.nonce)).toEqual(['retry-me']);
    expect(replayGuard.forgets).toBe(0);
    expect((await receiver.handle(request('retry-me'))).status).toBe(200);
    expect(calls).toBe(2);
    expect({ remembers: replayGuard.remembers, claims: dedupe.claims }).toEqual({ remembers: 0, claims: 0 });
  });

  it('a store that cannot for this guard answers undefined: remember, then claim, as without the method', async () => {
    const { receiver, replayGuard, dedupe } = setUp({ storeGuard: new NonceCache() });
    receiver.on('mo_text', () => {});
    expect((await receiver.handle(request('other-guard'))).status).toBe(200);
    expect({ combined: dedupe.combined, remembers: replayGuard.remembers, claims: dedupe.claims }).toEqual({ combined: 1, remembers: 1, claims: 1 });
  });

  it('a callback without a dedupe key takes the replay guard alone', async () => {
    const { receiver, replayGuard, dedupe } = setUp();
    receiver.on('unknown', () => {});
    expect((await receiver.handle(request('keyless', KEYLESS_CALLBACK))).status).toBe(200);
    expect({ combined: dedupe.combined, remembers: replayGuard.remembers }).toEqual({ combined: 0, remembers: 1 });
  });

  it('a callback no handler receives: its claim is handed back, so a redelivery once a handler exists is handled', async () => {
    const { receiver, dedupe } = setUp();
    expect((await receiver.handle(request('nobody-yet'))).status).toBe(200);
    let handled = 0;
    receiver.on('mo_text', () => void handled++);
    expect((await receiver.handle(request('redelivered'))).status).toBe(200);
    expect(handled).toBe(1);
    expect(dedupe.combined).toBe(2);
  });
});
