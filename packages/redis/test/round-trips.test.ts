import { createWebhookReceiver, dedupeKeyOf, parseCallback, verifyWebhook } from '@sinch-inbounds/core';
import { createRecordingLogger, startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisDedupeStore, redisReplayGuard } from '../src/index.js';
import { moTextBody, SECRET, signedRequest } from './support/callbacks.js';
import { clientKinds, type ClientKind, type TestClient } from './support/clients.js';
import { countingClient } from './support/counting-client.js';

const kinds: ClientKind[] = ['node-redis 6', 'ioredis 6'];

let redis: TestRedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.close();
});

// The receiver as it is: the nonce and the claim in one call (claimWithNonce), counted at the client.
describe.each(kinds)('%s: round trips per callback', (kind) => {
  let c: TestClient;
  beforeAll(async () => {
    c = await clientKinds[kind](redis.url);
  });
  afterAll(async () => {
    await c.quit();
  });

  let setups = 0;
  async function setup() {
    const warmUp = moTextBody(`01WARM${setups++}`);
    const { client, calls } = countingClient(c.client);
    const receiver = createWebhookReceiver({
      secret: SECRET,
      dedupe: redisDedupeStore(client, { prefix: `${kind}:` }),
      replayGuard: redisReplayGuard(client, { prefix: `${kind}:` }),
      logger: createRecordingLogger(),
    });
    let fail = true;
    receiver.on('mo_text', () => {
      if (fail) throw new Error('handler failed');
    });
    receiver.on('error', () => {});
    // Warm up, through failure and success: the memory marker is written and each script
    // loaded (EVALSHA answered NOSCRIPT, then EVAL) once, not per callback.
    expect((await receiver.handle(signedRequest(warmUp))).status).toBe(500);
    fail = false;
    expect((await receiver.handle(signedRequest(warmUp))).status).toBe(200);
    calls.length = 0;
    return { receiver, calls, failNext: () => (fail = true) };
  }

  it('a handled callback: two — the nonce-and-claim script, SET done', async () => {
    const { receiver, calls } = await setup();
    expect((await receiver.handle(signedRequest(moTextBody('01THREE')))).status).toBe(200);
    expect(calls).toEqual(['evalsha', 'set']);
  });

  it('a duplicate: one — the nonce-and-claim script, which answers done', async () => {
    const { receiver, calls } = await setup();
    expect((await receiver.handle(signedRequest(moTextBody('01TWICE')))).status).toBe(200);
    calls.length = 0;
    expect((await receiver.handle(signedRequest(moTextBody('01TWICE')))).body).toBe('{"status":"duplicate"}');
    expect(calls).toEqual(['evalsha']);
  });

  it('a handler failure: three — the release script replaces SET done, and the nonce is forgotten (DEL) for the redelivery', async () => {
    const { receiver, calls, failNext } = await setup();
    failNext();
    expect((await receiver.handle(signedRequest(moTextBody('01FAILED')))).status).toBe(500);
    expect(calls).toEqual(['evalsha', 'evalsha', 'del']);
  });
});

/**
 * One signed callback taken through the store calls on their own, in the order the
 * receiver takes it (the README's "Per callback … two round trips"): the
 * signature checked, then the nonce remembered and the dedupe key claimed in one call,
 * the handler run, then the outcome recorded.
 */
describe.each(kinds)('%s: round trips per callback, the nonce and the claim in one call', (kind) => {
  let c: TestClient;
  beforeAll(async () => {
    c = await clientKinds[kind](redis.url);
  });
  afterAll(async () => {
    await c.quit();
  });

  const LEASE = 300_000;
  const TTL = 86_400_000;
  let setups = 0;
  async function setup() {
    const { client, calls } = countingClient(c.client);
    const prefix = `${kind}:combined${setups++}:`;
    const store = redisDedupeStore(client, { prefix });
    const guard = redisReplayGuard(client, { prefix });
    /** What the receiver does before a handler runs: verify, then remember and claim in one step. */
    const accept = (body: string) => {
      const request = signedRequest(body);
      const now = Date.now();
      const verdict = verifyWebhook({ secret: SECRET, headers: request.headers, body: request.body, now });
      if (!verdict.ok) throw new Error(`not verified: ${verdict.reason}`);
      const key = dedupeKeyOf(parseCallback(JSON.parse(body)))!;
      const claim = store.claimWithNonce(key, LEASE, guard, verdict.nonce, (verdict.timestamp + 300) * 1000, now);
      if (claim === undefined) throw new Error('the store did not pair with the guard');
      return { key, nonce: verdict.nonce, claim };
    };
    // Warm up: the scripts loaded (EVALSHA answered NOSCRIPT, then EVAL) once, not per callback.
    const warm = accept(moTextBody(`01WARMC${setups}`));
    await warm.claim;
    await store.release(warm.key);
    calls.length = 0;
    return { store, guard, calls, accept };
  }

  it('a handled callback: two — the nonce-and-claim script, SET done', async () => {
    const { store, calls, accept } = await setup();
    const { key, claim } = accept(moTextBody('01TWO'));
    expect(await claim).toEqual({ fresh: true, claim: 'claimed' });
    await store.complete(key, TTL);
    expect(calls).toEqual(['evalsha', 'set']);
  });

  it('a duplicate: one — the nonce-and-claim script, which answers done', async () => {
    const { store, calls, accept } = await setup();
    const first = accept(moTextBody('01ONE'));
    await first.claim;
    await store.complete(first.key, TTL);
    calls.length = 0;
    expect(await accept(moTextBody('01ONE')).claim).toEqual({ fresh: true, claim: 'done' });
    expect(calls).toEqual(['evalsha']);
  });

  it('a handler failure: three — the release script replaces SET done, and the nonce is forgotten (DEL)', async () => {
    const { store, guard, calls, accept } = await setup();
    const { key, nonce, claim } = accept(moTextBody('01FAILC'));
    expect((await claim).claim).toBe('claimed');
    await store.release(key);
    await store.forgetNonce(key, nonce, guard);
    expect(calls).toEqual(['evalsha', 'evalsha', 'del']);
  });
});
