import { createWebhookReceiver, type WebhookReceiver } from '@sinch-inbounds/core';
import { createRecordingLogger, startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisDedupeStore } from '../src/index.js';
import { moTextBody, SECRET, signedRequest } from './support/callbacks.js';
import { clientKinds, type ClientKind, type TestClient } from './support/clients.js';

// One node-redis and one ioredis major: the store's scripts go through both adapters.
const kinds: ClientKind[] = ['node-redis 6', 'ioredis 6'];

let redis: TestRedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

let n = 0;

describe.each(kinds)('%s: a late success while a redelivery holds the claim', (kind) => {
  let c: TestClient;
  beforeAll(async () => {
    c = await clientKinds[kind](redis.url);
  });
  afterAll(async () => {
    await c?.quit();
  });

  /**
   * Copy 1 goes to `first`, whose handlers time out (500) and succeed late while copy 2
   * runs on `second`; copy 2's handlers then throw (500). Copy 3 must be a duplicate, and
   * the message must have succeeded once.
   */
  async function run(sameInstance: boolean) {
    const prefix = `late${++n}:`;
    const logger = createRecordingLogger();
    const make = (): WebhookReceiver =>
      createWebhookReceiver({ secret: SECRET, logger, dedupe: redisDedupeStore(c.client, { prefix }), handlerTimeoutMs: 400 });
    const first = make();
    const second = sameInstance ? first : make();
    const copy1Released = deferred();
    const copy2Started = deferred();
    const copy2Released = deferred();
    let started = 0;
    let succeeded = 0;
    const handler = async (): Promise<void> => {
      const copy = ++started;
      if (copy === 1) await copy1Released.promise;
      if (copy === 2) {
        copy2Started.resolve();
        await copy2Released.promise;
        throw new Error('copy 2 fails');
      }
      succeeded++;
    };
    first.on('mo_text', handler);
    if (second !== first) second.on('mo_text', handler);
    for (const r of new Set([first, second])) r.on('error', () => {});

    const id = `01LATEWIN${kind.replace(/\W/g, '')}${n}`;
    const body = moTextBody(id);
    expect((await first.handle(signedRequest(body))).status).toBe(500);
    const copy2 = second.handle(signedRequest(body));
    await copy2Started.promise;
    copy1Released.resolve();
    await expect.poll(() => logger.entries.some((e) => /timed out finished after all/.test(e.message))).toBe(true);
    copy2Released.resolve();
    expect((await copy2).status).toBe(500);
    expect(await c.command('GET', `${prefix}dedupe:mo:${id}`)).toBe('done');

    expect((await first.handle(signedRequest(body))).body).toBe('{"status":"duplicate"}');
    expect((await second.handle(signedRequest(body))).body).toBe('{"status":"duplicate"}');
    expect(succeeded).toBe(1);
    expect(started).toBe(2);
    expect(logger.entries.filter((e) => /ran twice/.test(e.message))).toHaveLength(1);
  }

  it('copy 2 on another instance: the late success is recorded over its claim, and its failure does not erase it', async () => {
    await run(false);
  });

  it('copy 2 on the same instance: the same', async () => {
    await run(true);
  });
});
