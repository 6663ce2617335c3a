import type { QueuedCallback } from '@sinch-inbounds/core';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bullmqQueue, jobIdOf, type BullmqQueueOptions } from '../src/index.js';
import { countRoundTrips, type RoundTrips } from './support/round-trips.js';
import { connect, moTextBody } from './support/setup.js';

let redis: TestRedisServer;
const opened: { queue: Queue; connection: Redis }[] = [];
let queueCount = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.close();
});
afterEach(async () => {
  for (const { queue, connection } of opened.splice(0)) {
    await queue.close();
    connection.disconnect();
  }
});

/** A fresh queue on a connection whose round trips are counted, ready and warmed (BullMQ's scripts loaded). */
async function countedQueue(options?: BullmqQueueOptions) {
  const connection = connect(redis.url, { offlineQueue: false });
  const queue = new Queue(`sinch-round-trips-${++queueCount}`, { connection });
  opened.push({ queue, connection });
  await queue.waitUntilReady();
  const sinchQueue = bullmqQueue(queue, options);
  // The first script call on a connection may need an EVAL after a NOSCRIPT: not the cost measured here.
  expect(await sinchQueue.enqueue(callback('01WARMUP'))).toEqual({ type: 'enqueued' });
  const trips = countRoundTrips(connection);
  return { queue, sinchQueue, trips };
}

function callback(id: string, dedupeKey: string | null = `mo:${id}`): QueuedCallback {
  return { type: 'mo_text', body: moTextBody(id), dedupeKey, source: 'webhook', receivedAt: Date.now(), signedAheadMs: 0 };
}

/** The round trips `enqueue` made, then forgets them for the next one. */
function tripsOf(trips: RoundTrips): number {
  const count = trips.roundTrips;
  trips.reset();
  return count;
}

describe('enqueue round trips to Redis', () => {
  it('a new callback: one round trip, and its job is in Redis when enqueue resolves', async () => {
    const { queue, sinchQueue, trips } = await countedQueue();
    expect(await sinchQueue.enqueue(callback('01NEWONE'))).toEqual({ type: 'enqueued' });
    // The job's lookup goes first, so it sees Redis as it was before BullMQ's add script.
    expect(trips.commands).toEqual(['evalsha', 'evalsha']);
    expect(tripsOf(trips)).toBe(1);
    expect(await (await queue.getJob(jobIdOf('mo:01NEWONE')))?.getState()).toBe('waiting');
  });

  it('a copy of a waiting callback: one round trip, already_queued, no second job', async () => {
    const { queue, sinchQueue, trips } = await countedQueue();
    await sinchQueue.enqueue(callback('01COPY'));
    trips.reset();
    expect(await sinchQueue.enqueue(callback('01COPY'))).toEqual({ type: 'already_queued' });
    expect(tripsOf(trips)).toBe(1);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 2 });
  });

  it('a callback without a dedupe key: one round trip', async () => {
    const { sinchQueue, trips } = await countedQueue();
    expect(await sinchQueue.enqueue(callback('01NOKEY', null))).toEqual({ type: 'enqueued' });
    expect(tripsOf(trips)).toBe(1);
  });

  it('while another enqueue waits on Redis: read with getJob (HGETALL), then add — as before, cheaper than two writes at once under load', async () => {
    const { queue, sinchQueue, trips } = await countedQueue();
    const results = await Promise.all([sinchQueue.enqueue(callback('01BUSY1')), sinchQueue.enqueue(callback('01BUSY2'))]);
    expect(results).toEqual([{ type: 'enqueued' }, { type: 'enqueued' }]);
    // Each started while the other was in flight: no lookup script, no add sent with it.
    expect(trips.commands).toEqual(['hgetall', 'hgetall', 'evalsha', 'evalsha']);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 3 });
  });

  it('with maxDepth: one round trip while the depth read by the last enqueue is fresh', async () => {
    const { sinchQueue, trips } = await countedQueue({ maxDepth: 100 });
    for (const id of ['01DEPTHA', '01DEPTHB', '01DEPTHC']) {
      expect(await sinchQueue.enqueue(callback(id))).toEqual({ type: 'enqueued' });
      expect(tripsOf(trips)).toBe(1);
    }
  });
});

describe('maxDepth', () => {
  it('is never passed by one process, even by enqueues at once; a copy of a queued callback is still answered already_queued', async () => {
    const { queue, sinchQueue } = await countedQueue({ maxDepth: 5 });
    const ids = Array.from({ length: 12 }, (_, i) => `01BURST${String(i).padStart(2, '0')}`);
    const results = await Promise.all(ids.map((id) => sinchQueue.enqueue(callback(id))));
    // The warm-up job takes one place.
    expect(results.filter((r) => r.type === 'enqueued')).toHaveLength(4);
    expect(results.filter((r) => r.type === 'full')).toHaveLength(8);
    expect(await queue.count()).toBe(5);
    expect(await sinchQueue.enqueue(callback('01WARMUP'))).toEqual({ type: 'already_queued' });
    expect(await sinchQueue.enqueue(callback('01ONEMORE'))).toEqual({ type: 'full' });
  });

  it('sees room again once a worker has taken jobs out', async () => {
    const { queue, sinchQueue } = await countedQueue({ maxDepth: 2 });
    expect(await sinchQueue.enqueue(callback('01ROOM1'))).toEqual({ type: 'enqueued' });
    expect(await sinchQueue.enqueue(callback('01ROOM2'))).toEqual({ type: 'full' });
    await queue.drain();
    expect(await sinchQueue.enqueue(callback('01ROOM2'))).toEqual({ type: 'enqueued' });
  });
});

describe('a queue whose backend is not Redis (BullMQ 6 also runs on Postgres)', () => {
  it('reads with getJob, getState and count, one after the other, and answers as on Redis', async () => {
    const { queue } = await countedQueue();
    // A backend without a Redis client, as BullMQ's Postgres backend; the jobs still go to this Redis
    // (the warm-up job is one of them).
    Object.defineProperty(queue, 'getBackend', { value: () => ({}) });
    const sinchQueue = bullmqQueue(queue, { maxDepth: 2 });
    const trips = countRoundTrips(opened.at(-1)!.connection);
    expect(await sinchQueue.enqueue(callback('01OTHER1'))).toEqual({ type: 'enqueued' });
    // Not pipelined: the lookup, then the count, then the add.
    expect(tripsOf(trips)).toBe(3);
    expect(await sinchQueue.enqueue(callback('01OTHER1'))).toEqual({ type: 'already_queued' });
    expect(await sinchQueue.enqueue(callback('01OTHER2'))).toEqual({ type: 'full' });
    expect(await queue.count()).toBe(2);
  });
});
