import { createWebhookReceiver } from '@sinch-inbounds/core';
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

// The README's "Per callback … three round trips", counted at the client.
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

  it('a handled callback: three — the nonce script, the claim script, SET done', async () => {
    const { receiver, calls } = await setup();
    expect((await receiver.handle(signedRequest(moTextBody('01THREE')))).status).toBe(200);
    expect(calls).toEqual(['evalsha', 'evalsha', 'set']);
  });

  it('a duplicate: two — the nonce script and the claim script, which answers done', async () => {
    const { receiver, calls } = await setup();
    expect((await receiver.handle(signedRequest(moTextBody('01TWICE')))).status).toBe(200);
    calls.length = 0;
    expect((await receiver.handle(signedRequest(moTextBody('01TWICE')))).body).toBe('{"status":"duplicate"}');
    expect(calls).toEqual(['evalsha', 'evalsha']);
  });

  it('a handler failure: four — the release script replaces SET done, and the nonce is forgotten (DEL) for the redelivery', async () => {
    const { receiver, calls, failNext } = await setup();
    failNext();
    expect((await receiver.handle(signedRequest(moTextBody('01FAILED')))).status).toBe(500);
    expect(calls).toEqual(['evalsha', 'evalsha', 'evalsha', 'del']);
  });
});
