import { tracingChannel } from 'node:diagnostics_channel';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createWebhookReceiver, DIAGNOSTICS_CHANNELS, MemoryDedupeStore, silentLogger, type WebhookDiagnostic } from '../../src/index.js';
import { moText, NOW, SECRET, signed } from './fixtures.js';

// The webhook channel names why a request failed; the outcomes this receiver added
// (handler timeout, no handler under 'retry', a vouched late redelivery) read right there too.
const channel = tracingChannel<unknown, WebhookDiagnostic>(DIAGNOSTICS_CHANNELS.webhook);
const finished: WebhookDiagnostic[] = [];
const handlers = {
  start: () => {},
  end: () => {},
  asyncStart: () => {},
  asyncEnd: (m: WebhookDiagnostic) => void finished.push({ ...m }),
  error: () => {},
};
channel.subscribe(handlers);
afterEach(() => {
  finished.length = 0;
});
afterAll(() => channel.unsubscribe(handlers));

describe('webhook channel outcomes', () => {
  it('handler_timeout, no_handler, and a late redelivery vouched for (accepted) or not (refused, stale)', async () => {
    let clock = NOW;
    const r = createWebhookReceiver({
      secret: SECRET,
      logger: silentLogger,
      now: () => clock,
      dedupe: new MemoryDedupeStore({ now: () => NOW - 3_600_000 }),
      handlerTimeoutMs: 20,
      unhandledCallbacks: 'retry',
    });
    r.on('error', () => {});
    r.on('mo_text', (m) => (m.body === 'stuck' ? new Promise<void>(() => {}) : undefined));
    const post = (body: string, timestamp = Math.floor(clock / 1000), nonce = String(Math.random())) =>
      r.handle({ method: 'POST', headers: signed(body, { timestamp, nonce }), body });

    await post(moText('01STUCK', 'stuck'));
    await post(JSON.stringify({ type: 'mo_hologram', id: 'H1' }));
    const signedAt = Math.floor(NOW / 1000);
    clock = NOW + 20 * 60_000;
    await post(moText('01LATE'), signedAt);
    await post(moText('01LATE'), signedAt);
    await post(moText('01BEFOREMEMORY'), signedAt - 2 * 3_600_000 / 1000);
    expect(finished.map((m) => `${m.status} ${m.outcome} ${m.reason ?? ''}${m.duplicate ? 'duplicate' : ''}`)).toEqual([
      '500 failed handler_timeout',
      '500 failed no_handler',
      '200 accepted ',
      '200 duplicate duplicate',
      '401 refused stale',
    ]);
  });
});
