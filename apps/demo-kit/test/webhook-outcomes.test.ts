import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebhookReceiver, silentLogger } from '@sinch-inbounds/core';
import { fixtures, signedCallback } from '@sinch-inbounds/testing';
import { WebhookOutcomes } from '../src/observability/webhook-outcomes.js';

const SECRET = 'outcomes-secret';
let outcomes: WebhookOutcomes | undefined;
afterEach(() => outcomes?.close());

describe('WebhookOutcomes', () => {
  it("counts a receiver's outcomes from the diagnostics channel, refusals and failures by reason, and tells listeners", async () => {
    outcomes = new WebhookOutcomes();
    const seen: number[] = [];
    outcomes.onChange((counts) => seen.push(counts.accepted + counts.duplicate));
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    receiver.on('error', () => {});
    let fail = true;
    receiver.on('mo_text', () => {
      if (fail) throw new Error('down');
    });
    const signed = signedCallback({ ...fixtures.moTextWebhook, id: '01JOUTCOMES000000000000000' }, { secret: SECRET });

    expect((await receiver.handle(signed)).status).toBe(500);
    fail = false;
    expect((await receiver.handle(signed.duplicate())).status).toBe(200); // Sinch's retry, handled
    expect((await receiver.handle(signed.duplicate())).status).toBe(200); // and its duplicate
    expect((await receiver.handle(signedCallback(signed.body, { secret: 'forged' }))).status).toBe(401);
    expect((await receiver.handle({ method: 'GET', headers: {}, body: '' })).status).toBe(405);

    expect(outcomes.snapshot()).toEqual({
      accepted: 1,
      duplicate: 1,
      refused: { bad_signature: 1, method_not_allowed: 1 },
      failed: { handler_failed: 1 },
      lastAcceptedMs: expect.any(Number),
    });
    expect(seen).toEqual([0, 1, 2, 2, 2]);
  });

  it("times the answer to the latest accepted callback, handlers included when they run inline", async () => {
    outcomes = new WebhookOutcomes();
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    let release!: () => void;
    receiver.on('mo_text', () => new Promise<void>((resolve) => (release = resolve)));
    const answered = receiver.handle(signedCallback({ ...fixtures.moTextWebhook, id: '01JOUTCOMES000000000000001' }, { secret: SECRET }));
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    // While the handler holds the answer, nothing was accepted yet.
    expect(outcomes.snapshot().lastAcceptedMs).toBeNull();
    const holding = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const held = performance.now() - holding;
    release();
    expect((await answered).status).toBe(200);
    // The answer came after the handler let go: its time is in it (rounded to 0.1 ms).
    expect(outcomes.snapshot().lastAcceptedMs).toBeGreaterThanOrEqual(held - 0.1);
  });

  it('stops counting once closed', async () => {
    outcomes = new WebhookOutcomes();
    outcomes.close();
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    await receiver.handle({ method: 'GET', headers: {}, body: '' });
    expect(outcomes.snapshot()).toEqual({ accepted: 0, duplicate: 0, refused: {}, failed: {}, lastAcceptedMs: null });
  });
});
