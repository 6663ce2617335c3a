import { createWebhookReceiver, type WebhookReceiverError } from '@sinch-inbounds/core';
import { createRecordingLogger } from '@sinch-inbounds/testing';
import { describe, expect, it } from 'vitest';
import { redisDedupeStore, redisReplayGuard } from '../src/index.js';
import { moTextBody, SECRET, signedRequest } from './support/callbacks.js';
import type { ClientKind } from './support/clients.js';
import { clientBehindProxyPerTest } from './support/reply-cutting-proxy.js';

// ioredis re-sends a command left unanswered by a dropped connection once it reconnects;
// node-redis fails it. One major of each.
const kinds: ClientKind[] = ['node-redis 6', 'ioredis 6'];

// A callback of a type this library does not know, without an `id`: no dedupe key, so
// only the replay guard decides whether its nonce was seen.
const KEYLESS = JSON.stringify({ type: 'mo_hologram', shape: 'cube' });

describe.each(kinds)('%s: the reply to the nonce write is lost (issue 25, item 2)', (kind) => {
  const behindProxy = clientBehindProxyPerTest(kind);

  it.each([
    ['without a dedupe key', KEYLESS],
    ['with a dedupe key', moTextBody('01LOSTREPLY')],
  ])('%s: handled exactly once across Sinch’s redeliveries of the same signed request, never refused', async (_, body) => {
    const { proxy, client: c } = behindProxy();
    const receiver = createWebhookReceiver({
      secret: SECRET,
      dedupe: redisDedupeStore(c.client),
      replayGuard: redisReplayGuard(c.client),
      logger: createRecordingLogger(),
    });
    let handled = 0;
    receiver.on('*', () => void handled++);
    const reported: WebhookReceiverError[] = [];
    receiver.on('error', (e) => void reported.push(e));
    // Redis has the scripts cached from here on: the cut write is one that Redis runs
    // (not an EVALSHA answered NOSCRIPT).
    expect((await receiver.handle(signedRequest(moTextBody('01WARMUP')))).status).toBe(200);
    handled = 0;
    const request = signedRequest(body);

    const cut = proxy.cutReplyTo('nonce:');
    const statuses = [(await receiver.handle(request)).status];
    await cut;
    // ioredis re-sends the write after reconnecting, and it is recognised as this call's
    // own: the first delivery itself is accepted. node-redis fails the call: 500.
    expect(statuses).toEqual([kind.startsWith('ioredis') ? 200 : 500]);
    // Sinch delivers the very same signed request again after every 5xx, until a 2xx (or
    // a 4xx, which it never retries).
    await expect
      .poll(
        async () => {
          if (statuses.at(-1)! < 500) return statuses.at(-1);
          statuses.push((await receiver.handle(request)).status);
          return statuses.at(-1);
        },
        { timeout: 10_000, interval: 50 },
      )
      .toBeLessThan(500);
    expect(statuses.filter((s) => s !== 500)).toEqual([200]);
    expect(handled).toBe(1);
    // And once more, after it was accepted: never a second run.
    await receiver.handle(request);
    expect(handled).toBe(1);
    expect(reported.every((e) => e.kind === 'replay_guard' || e.kind === 'dedupe')).toBe(true);
  });
});
