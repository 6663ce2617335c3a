import { ulid } from '@sinch-inbounds/core';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisDedupeStore, redisReplayGuard } from '../src/index.js';
import { clientKinds, type TestClient } from './support/clients.js';

// The README's sizing, measured as Redis counts it: used_memory before and after writing
// KEYS keys through the stores themselves, per key. Sinch's ids and nonces are ULIDs. The
// README's figures are for 100,000 keys (SIZING_KEYS=100000); with fewer, Redis's hash
// tables cost a little more per key, hence the bounds.
const KEYS = Number(process.env.SIZING_KEYS ?? 20_000);
const BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

let redis: TestRedisServer;
let c: TestClient;
beforeEach(async () => {
  redis = await startRedisServer();
  c = await clientKinds['node-redis 6'](redis.url);
});
afterEach(async () => {
  await c.quit();
  await redis.close();
});

async function usedMemory(): Promise<number> {
  const info = String(await c.command('INFO', 'memory'));
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** Bytes of Redis memory per key that `write` adds, over KEYS keys. */
async function bytesPerKey(write: (i: number) => Promise<unknown>): Promise<number> {
  const before = await usedMemory();
  for (let i = 0; i < KEYS; i += BATCH) await Promise.all(Array.from({ length: BATCH }, (_, j) => write(i + j)));
  expect(Number(await c.command('DBSIZE'))).toBeGreaterThanOrEqual(KEYS);
  return ((await usedMemory()) - before) / KEYS;
}

describe('memory per key (README "Sizing")', () => {
  it('a remembered callback (an SMS id, `done` for dedupeTtlMs): about 180 bytes', async () => {
    const store = redisDedupeStore(c.client);
    await store.rememberedSince();
    const perKey = await bytesPerKey(async () => {
      const key = `mo:${ulid()}`;
      await store.claim(key, 300_000);
      await store.complete(key, DAY_MS);
    });
    console.info(`redisDedupeStore: ${perKey.toFixed(1)} B per remembered callback`);
    expect(perKey).toBeGreaterThan(160);
    expect(perKey).toBeLessThan(200);
  });

  it('a nonce (its token, for the tolerance window): about 165 bytes', async () => {
    const guard = redisReplayGuard(c.client);
    const now = Date.now();
    const perKey = await bytesPerKey(() => guard.remember(ulid(), now + 600_000, now));
    console.info(`redisReplayGuard: ${perKey.toFixed(1)} B per nonce`);
    expect(perKey).toBeGreaterThan(145);
    expect(perKey).toBeLessThan(185);
  });

  it('a nonce written with its callback’s claim (a longer key, tagged into the dedupe key’s slot): about 210 bytes', async () => {
    // The dedupe keys are written first and measured apart: what is left is the nonce key.
    const store = redisDedupeStore(c.client);
    const guard = redisReplayGuard(c.client);
    const ids = Array.from({ length: KEYS }, () => `mo:${ulid()}`);
    for (let i = 0; i < KEYS; i += BATCH) await Promise.all(ids.slice(i, i + BATCH).map((key) => store.claim(key, 300_000)));
    const now = Date.now();
    const perKey = await bytesPerKey((i) => store.claimWithNonce(ids[i]!, 300_000, guard, ulid(), now + 600_000, now)!);
    console.info(`redisDedupeStore.claimWithNonce: ${perKey.toFixed(1)} B per nonce`);
    expect(perKey).toBeGreaterThan(185);
    expect(perKey).toBeLessThan(240);
  }, 120_000);
});
