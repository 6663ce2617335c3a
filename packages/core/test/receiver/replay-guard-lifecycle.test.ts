import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, NonceCache, type ReplayGuard, type WebhookReceiverError } from '../../src/index.js';
import { KEYLESS_CALLBACK, NOW, recordingLogger, SECRET, signed } from './fixtures.js';

/**
 * A shared store whose connection drops after it ran the write but before its reply
 * arrived: the nonce is remembered, yet the call fails (not a timeout).
 */
function replyLostGuard(): ReplayGuard & { loseNextReply: boolean; forgotten: string[] } {
  const inner = new NonceCache();
  const guard = {
    loseNextReply: false,
    forgotten: [] as string[],
    async remember(nonce: string, expiresAt: number, now: number): Promise<boolean> {
      const fresh = inner.remember(nonce, expiresAt, now);
      if (guard.loseNextReply) {
        guard.loseNextReply = false;
        throw new Error('Socket closed unexpectedly');
      }
      return fresh;
    },
    async forget(nonce: string): Promise<void> {
      guard.forgotten.push(nonce);
      inner.forget(nonce);
    },
  };
  return guard;
}

describe('the replay guard lifecycle: a nonce written by a failed call (issue 25, item 2)', () => {
  it('is forgotten after any failure, not only a timeout: Sinch’s redelivery of the same signed request is handled', async () => {
    const replayGuard = replyLostGuard();
    const receiver = createWebhookReceiver({ secret: SECRET, replayGuard, logger: recordingLogger(), now: () => NOW });
    const handled: string[] = [];
    const reported: WebhookReceiverError[] = [];
    receiver.on('unknown', (c) => void handled.push(c.type));
    receiver.on('error', (e) => void reported.push(e));
    // Without a dedupe key only the replay guard decides: a nonce left behind would be a 401.
    const request = { method: 'POST', headers: signed(KEYLESS_CALLBACK, { nonce: 'lost-reply' }), body: KEYLESS_CALLBACK };
    replayGuard.loseNextReply = true;
    expect((await receiver.handle(request)).status).toBe(500);
    expect(reported.map((e) => e.kind)).toEqual(['replay_guard']);
    await expect.poll(() => replayGuard.forgotten).toEqual(['lost-reply']);
    expect((await receiver.handle(request)).status).toBe(200);
    expect(handled).toEqual(['mo_hologram']);
  });

  it('a guard that throws synchronously is forgotten after too', async () => {
    const forgotten: string[] = [];
    const replayGuard: ReplayGuard = {
      remember: () => {
        throw new Error('broken');
      },
      forget: (nonce) => void forgotten.push(nonce),
    };
    const receiver = createWebhookReceiver({ secret: SECRET, replayGuard, logger: recordingLogger(), now: () => NOW });
    receiver.on('error', () => {});
    const request = { method: 'POST', headers: signed(KEYLESS_CALLBACK, { nonce: 'thrown' }), body: KEYLESS_CALLBACK };
    expect((await receiver.handle(request)).status).toBe(500);
    await expect.poll(() => forgotten).toEqual(['thrown']);
  });
});
