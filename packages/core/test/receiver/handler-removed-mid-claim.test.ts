import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, MemoryDedupeStore, type DedupeClaim, type DedupeStore } from '../../src/index.js';
import { moText, NOW, recordingLogger, SECRET, signed } from './fixtures.js';

/**
 * The in-memory store behind promises that settle only when the test says so: `claim`
 * waits on `gate`, so a test can act while a claim is pending. `claimAsked` settles when
 * the first claim reaches the store.
 */
function pausedStore() {
  const inner = new MemoryDedupeStore();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let asked!: () => void;
  const claimAsked = new Promise<void>((resolve) => (asked = resolve));
  const store: DedupeStore = {
    async claim(key: string, leaseMs: number): Promise<DedupeClaim> {
      asked();
      await gate;
      return inner.claim(key, leaseMs);
    },
    complete: (key, ttlMs) => inner.complete(key, ttlMs),
    release: (key) => inner.release(key),
  };
  return { store, inner, open, claimAsked };
}

describe('the only handler removed with off() while an async dedupe claim is pending', () => {
  it.each<['acknowledge' | 'retry', number]>([
    ['acknowledge', 200],
    ['retry', 500],
  ])('is an unhandled callback under unhandledCallbacks: %s (answered %d), and the claim is released', async (policy, status) => {
    const { store, inner, open, claimAsked } = pausedStore();
    const logger = recordingLogger();
    const r = createWebhookReceiver({ secret: SECRET, logger, now: () => NOW, dedupe: store, unhandledCallbacks: policy });
    let runs = 0;
    const off = r.on('mo_text', () => void runs++);
    const body = moText('01OFFMIDCLAIM');
    const answer = r.handle({ method: 'POST', headers: signed(body, { nonce: 'first' }), body });
    await claimAsked;
    off();
    open();
    const response = await answer;
    expect(response.status).toBe(status);
    // Not "accepted as handled": nothing ran, and nothing is remembered as done.
    expect(response.body).not.toBe('{"status":"duplicate"}');
    expect(runs).toBe(0);
    expect(logger.entries.some((e) => e.level === 'warn' && /no handler is registered for "mo_text"/.test(e.message))).toBe(true);
    // The claim was released: a handler registered later gets the redelivery.
    expect(await inner.claim('mo:01OFFMIDCLAIM', 60_000)).toBe('claimed');
    await inner.release('mo:01OFFMIDCLAIM');
    r.on('mo_text', () => void runs++);
    const again = await r.handle({ method: 'POST', headers: signed(body, { nonce: 'second' }), body });
    expect(again.body).toBe('{"status":"accepted"}');
    expect(runs).toBe(1);
  });
});
