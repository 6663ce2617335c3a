import { createWebhookReceiver, silentLogger } from '@sinch-inbounds/core';
import { startRedisServer, startSinchSimulator, type SinchSimulator, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { arrivalsBetweenRequests, clientFor } from '../../core/test/e2e/support/arrivals.js';
import { redisDedupeStore, redisReplayGuard } from '../src/index.js';
import { SECRET } from './support/callbacks.js';
import { clientKinds, type ClientKind, type TestClient } from './support/clients.js';

// Issue 25, item 3, end to end on a real redis-server: a burst of 250 messages arrives in
// the second reconcile's first page pinned, while the simulator fails, drops and delays
// list requests. Before the walk's fix, ids came back twice and the Redis store counted
// them as duplicates (with `dedupe: false`, handlers ran twice).
const FAULTS = { list: { errorRate: 0.15, errorStatus: 503, dropRate: 0.05, latencyMs: 2 } };
const kinds: ClientKind[] = ['node-redis 6', 'ioredis 6'];

describe.each(kinds)('%s: reconcile while messages arrive in the pinned second', (kind) => {
  let redis: TestRedisServer;
  let c: TestClient;
  let sim: SinchSimulator | undefined;
  beforeEach(async () => {
    redis = await startRedisServer();
    c = await clientKinds[kind](redis.url);
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    await c.quit();
    await redis.close();
  });

  it('every message of the window is handled exactly once on the Redis store, none counted as a duplicate', async () => {
    sim = await startSinchSimulator({ seed: 7, faults: FAULTS });
    const { fetch: hooked, added } = await arrivalsBetweenRequests(sim, 1000, 110, 250, 250);
    const snapshot = sim.inbounds().map((m) => m.id);
    const receiver = createWebhookReceiver({ secret: SECRET, dedupe: redisDedupeStore(c.client), replayGuard: redisReplayGuard(c.client), logger: silentLogger });
    const handled = new Map<string, number>();
    receiver.on('inbound', async (sms) => void handled.set(sms.id, (handled.get(sms.id) ?? 0) + 1));

    const report = await receiver.reconcile({ iterate: (p) => clientFor(sim!, hooked).iterate(p) }, { since: new Date(Date.now() - 24 * 60 * 60 * 1000) });

    expect(added()).toBe(250);
    expect(snapshot.filter((id) => handled.get(id) !== 1)).toEqual([]);
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
    expect(report).toMatchObject({ seen: handled.size, handled: handled.size, duplicates: 0, failed: 0, deferred: 0 });
    expect(sim.requests().some((r) => r.route === 'list' && r.fault !== undefined)).toBe(true);
  });
});
