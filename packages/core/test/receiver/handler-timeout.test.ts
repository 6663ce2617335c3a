import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, type WebhookReceiverError, type WebhookReceiverOptions } from '../../src/index.js';
import { moText, NOW, recordingLogger, SECRET, signed } from './fixtures.js';

let nonce = 0;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(options: Partial<WebhookReceiverOptions> = {}) {
  const logger = recordingLogger();
  const r = createWebhookReceiver({ secret: SECRET, logger, now: () => NOW, ...options });
  const errors: WebhookReceiverError[] = [];
  r.on('error', (e) => void errors.push(e));
  const post = (body: string) => r.handle({ method: 'POST', headers: signed(body, { nonce: `T${nonce++}` }), body });
  return { r, logger, errors, post };
}

/** Settles once `check()` holds (polling), so no assertion depends on wall-clock timing. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('handler timeout', () => {
  it('answers 500 when handlers do not settle in time, and the next delivery of that id is handled', async () => {
    const { r, errors, post } = setup({ handlerTimeoutMs: 40 });
    let calls = 0;
    r.on('mo_text', () => (++calls === 1 ? new Promise<void>(() => {}) : undefined));
    expect((await post(moText('01STUCK'))).status).toBe(500);
    expect(errors.map((e) => e.kind)).toEqual(['handler_timeout']);
    const timeout = errors[0]!;
    if (timeout.kind !== 'handler_timeout') throw new Error('narrowing');
    expect(timeout.timeoutMs).toBe(40);
    expect(timeout.callback.type).toBe('mo_text');
    // Before: every redelivery waited on the stuck claim and got 500, for good.
    expect((await post(moText('01STUCK'))).status).toBe(200);
    expect((await post(moText('01STUCK'))).body).toBe('{"status":"duplicate"}');
    expect(calls).toBe(2);
  });

  it('a late handler that finishes after the redelivery was handled: counted, the message ran twice, and a warning says so', async () => {
    const { r, logger, post } = setup({ handlerTimeoutMs: 30 });
    const release = deferred();
    let started = 0;
    let finished = 0;
    r.on('mo_text', async () => {
      if (++started === 1) await release.promise;
      finished++;
    });
    expect((await post(moText('01LATE'))).status).toBe(500);
    expect((await post(moText('01LATE'))).status).toBe(200);
    release.resolve();
    await until(() => logger.entries.some((e) => /ran twice/.test(e.message)));
    expect(finished).toBe(2);
    expect(logger.entries.find((e) => /ran twice/.test(e.message))!.context).toMatchObject({ type: 'mo_text', key: 'mo:01LATE' });
  });

  it('a late handler that finishes before any redelivery: remembered, so the redelivery is a duplicate and it runs once', async () => {
    const { r, logger, post } = setup({ handlerTimeoutMs: 30 });
    const release = deferred();
    let finished = 0;
    r.on('mo_text', async () => {
      await release.promise;
      finished++;
    });
    expect((await post(moText('01SLOW'))).status).toBe(500);
    release.resolve();
    await until(() => logger.entries.some((e) => /remembered as handled/.test(e.message)));
    expect((await post(moText('01SLOW'))).body).toBe('{"status":"duplicate"}');
    expect(finished).toBe(1);
  });

  it('with dedupe off, answers 500 on timeout too, and warns when the late handler finishes', async () => {
    const { r, logger, post } = setup({ handlerTimeoutMs: 30, dedupe: false });
    const release = deferred();
    r.on('mo_text', () => release.promise);
    expect((await post(moText('01NODEDUPE'))).status).toBe(500);
    release.resolve();
    await until(() => logger.entries.some((e) => /without dedupe its redelivery runs them again/.test(e.message)));
  });

  it('defaults to 30 s, cut to dedupeLeaseMs when that is shorter; longer than the lease is refused', async () => {
    const { r, errors, post } = setup({ dedupeLeaseMs: 40 });
    r.on('mo_text', () => new Promise<void>(() => {}));
    expect((await post(moText('01LEASE'))).status).toBe(500);
    expect(errors[0]).toMatchObject({ kind: 'handler_timeout', timeoutMs: 40 });
    expect(() => createWebhookReceiver({ secret: SECRET, dedupeLeaseMs: 1000, handlerTimeoutMs: 1001 })).toThrow(/must not exceed dedupeLeaseMs/);
    expect(() => createWebhookReceiver({ secret: SECRET, handlerTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => createWebhookReceiver({ secret: SECRET, dedupe: false, dedupeLeaseMs: 10, handlerTimeoutMs: 60_000, logger: recordingLogger() })).not.toThrow();
  });
});
