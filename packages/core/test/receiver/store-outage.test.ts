import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, MemoryDedupeStore, NonceCache, type DedupeStore, type ReplayGuard, type WebhookReceiverError } from '../../src/index.js';
import { moText, NOW, recordingLogger, SECRET, signed } from './fixtures.js';

function post(body: string) {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...signed(body) }, body };
}

/** A store that fails every call while `down`, as a shared store does during an outage. */
function flakyDedupe(): DedupeStore & { down: boolean } {
  const inner = new MemoryDedupeStore();
  const store = {
    down: false,
    claim: (key: string, leaseMs: number) => (store.down ? Promise.reject(new Error('ECONNREFUSED')) : inner.claim(key, leaseMs)),
    complete: (key: string, ttlMs: number) => (store.down ? Promise.reject(new Error('ECONNREFUSED')) : inner.complete(key, ttlMs)),
    release: (key: string) => (store.down ? Promise.reject(new Error('ECONNREFUSED')) : inner.release(key)),
  };
  return store;
}

function flakyGuard(): ReplayGuard & { down: boolean } {
  const inner = new NonceCache();
  const guard = {
    down: false,
    remember: async (nonce: string, expiresAt: number, now: number) => {
      if (guard.down) throw new Error('ECONNREFUSED');
      return inner.remember(nonce, expiresAt, now);
    },
    forget: async (nonce: string) => inner.forget(nonce),
  };
  return guard;
}

describe('a store outage', () => {
  it('is logged once when the dedupe store starts failing and once (info) when it answers again, however many callbacks fail meanwhile', async () => {
    const logger = recordingLogger();
    const dedupe = flakyDedupe();
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe, logger, now: () => NOW });
    const handled: string[] = [];
    receiver.on('mo_text', (m) => void handled.push(m.id));

    expect((await receiver.handle(post(moText('01BEFORE')))).status).toBe(200);
    dedupe.down = true;
    for (let i = 0; i < 20; i++) expect((await receiver.handle(post(moText(`01DOWN${i}`)))).status).toBe(500);
    const errors = logger.entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/the dedupe store is failing; callbacks are answered 500 so Sinch redelivers them/);
    expect(String((errors[0]?.context?.error as Error).message)).toBe('ECONNREFUSED');

    dedupe.down = false;
    for (let i = 0; i < 3; i++) expect((await receiver.handle(post(moText(`01DOWN${i}`)))).status).toBe(200);
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(1);
    const back = logger.entries.filter((e) => e.level === 'info');
    expect(back).toHaveLength(1);
    expect(back[0]?.message).toMatch(/the dedupe store answers again, after 20 failed call\(s\)/);
    expect(handled).toEqual(['01BEFORE', '01DOWN0', '01DOWN1', '01DOWN2']);

    // A second outage is a second line.
    dedupe.down = true;
    expect((await receiver.handle(post(moText('01AGAIN')))).status).toBe(500);
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(2);
  });

  it('of the replay guard is logged once too, and error handlers still see every failure', async () => {
    const logger = recordingLogger();
    const replayGuard = flakyGuard();
    const receiver = createWebhookReceiver({ secret: SECRET, replayGuard, logger, now: () => NOW });
    const seen: WebhookReceiverError[] = [];
    receiver.on('error', (e) => void seen.push(e));
    receiver.on('mo_text', () => {});
    replayGuard.down = true;
    for (let i = 0; i < 5; i++) expect((await receiver.handle(post(moText(`01G${i}`)))).status).toBe(500);
    expect(seen.map((e) => e.kind)).toEqual(Array(5).fill('replay_guard'));
    const errors = logger.entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/the replay guard is failing/);
    replayGuard.down = false;
    expect((await receiver.handle(post(moText('01G0')))).status).toBe(200);
    expect(logger.entries.filter((e) => e.level === 'info').map((e) => e.message)).toEqual([
      expect.stringMatching(/the replay guard answers again, after 5 failed call\(s\)/),
    ]);
  });
});

describe('a replay guard call that times out', () => {
  it('is followed by a forget, so the late-landing nonce does not refuse Sinch’s redelivery of the same signed request', async () => {
    const inner = new NonceCache();
    let slow = true;
    const landed: Promise<void>[] = [];
    // A slow shared store: the call is answered late, but it does land.
    const replayGuard: ReplayGuard = {
      remember: (nonce, expiresAt, now) => {
        if (!slow) return Promise.resolve(inner.remember(nonce, expiresAt, now));
        const done = new Promise<boolean>((resolve) => setTimeout(() => resolve(inner.remember(nonce, expiresAt, now)), 60));
        landed.push(done.then(() => {}));
        return done;
      },
      forget: async (nonce) => {
        await Promise.all(landed);
        inner.forget(nonce);
      },
    };
    const receiver = createWebhookReceiver({ secret: SECRET, replayGuard, storeTimeoutMs: 10, logger: recordingLogger(), now: () => NOW });
    const handled: string[] = [];
    receiver.on('mo_text', (m) => void handled.push(m.id));
    const request = post(moText('01SLOW'));
    expect((await receiver.handle(request)).status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 120));
    slow = false;
    expect((await receiver.handle(request)).status).toBe(200);
    expect(handled).toEqual(['01SLOW']);
  });
});
