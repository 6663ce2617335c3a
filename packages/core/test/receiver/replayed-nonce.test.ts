import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, type ReplayGuard, type WebhookReceiverOptions } from '../../src/index.js';
import { KEYLESS_CALLBACK as KEYLESS, moText, NOW, recordingLogger, SECRET, signed } from './fixtures.js';

/** A receiver on the fixed test clock; `gate` holds every handler until it is opened. */
function setup(options: Partial<WebhookReceiverOptions> = {}) {
  const logger = recordingLogger();
  const r = createWebhookReceiver({ secret: SECRET, logger, now: () => NOW, ...options });
  const runs: string[] = [];
  const successes: string[] = [];
  let failNext = 0;
  let open: () => void = () => {};
  let gate: Promise<void> | undefined;
  const started: (() => void)[] = [];
  r.on('*', async (callback) => {
    const id = 'id' in callback && typeof callback.id === 'string' ? callback.id : callback.type;
    runs.push(id);
    for (const notify of started.splice(0)) notify();
    if (gate !== undefined) await gate;
    if (failNext > 0) {
      failNext--;
      throw new Error('database down');
    }
    successes.push(id);
  });
  r.on('error', () => {});
  return {
    r,
    logger,
    runs,
    successes,
    /** Holds handlers until `release()`. */
    hold() {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release() {
      gate = undefined;
      open();
    },
    /** Resolves when the next handler starts. */
    nextStart(): Promise<void> {
      return new Promise((resolve) => started.push(resolve));
    },
    /**
     * Resolves once a copy with a seen nonce has entered the dedupe path: it logs that
     * right before it asks the gate, which registers it as waiting in the same tick.
     */
    async waiting(): Promise<void> {
      await expect.poll(() => logger.entries.some((e) => /seen nonce/.test(e.message)), { interval: 1 }).toBe(true);
    },
    failTimes(n: number) {
      failNext = n;
    },
    /** Sends the same signed request (same nonce) that `headers` was made for. */
    send(body: string, headers: Record<string, string>) {
      return r.handle({ method: 'POST', headers, body });
    },
  };
}

describe('the original signed request again while its nonce is remembered (issue 25, item 1)', () => {
  it('while its first copy still runs: the redelivery waits for it and shares its outcome, never 401', async () => {
    const t = setup();
    const body = moText('01INFLIGHT');
    const headers = signed(body, { nonce: 'original' });
    t.hold();
    const started = t.nextStart();
    const first = t.send(body, headers);
    await started;
    // Sinch stopped waiting and sends the very same signed request again.
    const second = t.send(body, headers);
    await t.waiting();
    t.release();
    expect((await first).status).toBe(200);
    const again = await second;
    expect(again.status).toBe(200);
    expect(again.body).toBe('{"status":"duplicate"}');
    expect(t.runs).toEqual(['01INFLIGHT']);
    expect(t.successes).toEqual(['01INFLIGHT']);
  });

  it('while its first copy runs and then fails: the redelivery is 500 with it, and the next one is handled once', async () => {
    const t = setup();
    const body = moText('01THENFAIL');
    const headers = signed(body, { nonce: 'original' });
    t.hold();
    t.failTimes(1);
    const started = t.nextStart();
    const first = t.send(body, headers);
    await started;
    const second = t.send(body, headers);
    await t.waiting();
    t.release();
    expect((await first).status).toBe(500);
    expect((await second).status).toBe(500);
    expect((await t.send(body, headers)).status).toBe(200);
    expect(t.successes).toEqual(['01THENFAIL']);
  });

  it('after its first copy timed out in the handler (Sinch gave up on it): handled by the redelivery, never lost', async () => {
    const t = setup({ handlerTimeoutMs: 200 });
    const body = moText('01TIMEDOUT');
    const headers = signed(body, { nonce: 'original' });
    t.hold();
    const started = t.nextStart();
    const first = t.send(body, headers);
    await started;
    const second = t.send(body, headers);
    await t.waiting();
    // The first copy times out (500) while the second waits on it: the second then fails with it.
    expect((await first).status).toBe(500);
    expect((await second).status).toBe(500);
    // Its handler succeeds after all and is remembered as handled: the next copy is a duplicate.
    t.release();
    await expect.poll(() => t.logger.entries.some((e) => /remembered as handled/.test(e.message))).toBe(true);
    expect((await t.send(body, headers)).body).toBe('{"status":"duplicate"}');
    expect(t.successes).toEqual(['01TIMEDOUT']);
  });

  it('after it was handled: 200 duplicate, handlers not run again', async () => {
    const t = setup();
    const body = moText('01DONE');
    const headers = signed(body, { nonce: 'original' });
    expect((await t.send(body, headers)).status).toBe(200);
    const again = await t.send(body, headers);
    expect(again.body).toBe('{"status":"duplicate"}');
    expect(t.runs).toEqual(['01DONE']);
  });

  it('after a failure its guard did not forget (a guard without forget()): the key was released, so it is handled', async () => {
    const seen = new Set<string>();
    const replayGuard: ReplayGuard = { remember: (nonce) => !seen.has(nonce) && seen.add(nonce) !== undefined };
    const t = setup({ replayGuard });
    t.failTimes(1);
    const body = moText('01RELEASED');
    const headers = signed(body, { nonce: 'original' });
    expect((await t.send(body, headers)).status).toBe(500);
    expect((await t.send(body, headers)).status).toBe(200);
    expect(t.successes).toEqual(['01RELEASED']);
  });

  it('a callback without a dedupe key is still refused (401, "replayed")', async () => {
    const t = setup();
    const headers = signed(KEYLESS, { nonce: 'keyless' });
    expect((await t.send(KEYLESS, headers)).status).toBe(200);
    expect((await t.send(KEYLESS, headers)).status).toBe(401);
    expect(t.logger.entries.at(-1)?.context).toEqual({ reason: 'replayed' });
    expect(t.runs).toEqual(['mo_hologram']);
  });

  it('with dedupe: false it is still refused (401, "replayed")', async () => {
    const t = setup({ dedupe: false });
    const body = moText('01NODEDUPE');
    const headers = signed(body, { nonce: 'original' });
    expect((await t.send(body, headers)).status).toBe(200);
    expect((await t.send(body, headers)).status).toBe(401);
    expect(t.runs).toEqual(['01NODEDUPE']);
  });

  it('a different body under the captured signature is still a forgery (401), not a dedupe question', async () => {
    const t = setup();
    const body = moText('01CAPTURED');
    const headers = signed(body, { nonce: 'original' });
    expect((await t.send(body, headers)).status).toBe(200);
    expect((await t.send(moText('01SWAPPED'), headers)).status).toBe(401);
    expect(t.runs).toEqual(['01CAPTURED']);
  });
});
