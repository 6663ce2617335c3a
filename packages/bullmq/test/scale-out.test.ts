import { startRedisServer, signedCallbackHeaders, type TestRedisServer } from '@sinch-inbounds/testing';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, moTextBody, SECRET, until } from './support/setup.js';
import { buildWorkerChild, startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

// The run: 5,000 callbacks, 10% duplicate deliveries to the other web process, a
// 200 ms handler; every id handled exactly once, no 5xx. About 20 s on a shared 2-core
// machine (50 jobs at once per worker).
const CALLBACKS = 5_000;
const HANDLER_MS = 200;
const IN_FLIGHT = 32;

let redis: TestRedisServer | undefined;
let processes: WorkerProcess[] = [];

afterEach(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  await redis?.close();
  processes = [];
  redis = undefined;
});

describe('2 web + 2 worker processes', () => {
  it(`${CALLBACKS} callbacks with 10% duplicate deliveries: every id handled exactly once, no 5xx`, { timeout: 90_000 }, async () => {
    const [webBundle, workerBundle] = await Promise.all([buildWorkerChild('web-child'), buildWorkerChild('worker-child')]);
    redis = await startRedisServer();
    const queueName = 'sinch-scale-out';
    const base = { redisUrl: redis.url, queueName, secret: SECRET };
    const webs = await Promise.all([0, 1].map(() => startWorkerProcess(webBundle, base)));
    const workers = await Promise.all(
      [0, 1].map(() => startWorkerProcess(workerBundle, { ...base, leaseMs: 30_000, lockDurationMs: 30_000, die: 'never', handlerMs: HANDLER_MS, concurrency: 50 })),
    );
    processes = [...webs, ...workers];

    const ids = Array.from({ length: CALLBACKS }, (_, i) => `01SCALE${String(i).padStart(19, '0')}`);
    // Each id goes to one web process; every tenth is delivered again to the other one, a few deliveries later.
    const deliveries: { id: string; web: number }[] = [];
    ids.forEach((id, i) => {
      deliveries.push({ id, web: i % 2 });
      if (i % 10 === 0) deliveries.splice(Math.max(0, deliveries.length - 3), 0, { id, web: (i + 1) % 2 });
    });
    const bodies = new Map(ids.map((id) => [id, moTextBody(id)]));
    const statuses = new Map<number, number>();
    let next = 0;
    const post = async (): Promise<void> => {
      while (next < deliveries.length) {
        const { id, web } = deliveries[next++]!;
        const body = bodies.get(id)!;
        // A redelivery is signed afresh, as Sinch does.
        const response = await fetch(`http://127.0.0.1:${webs[web]!.port}/`, { method: 'POST', headers: signedCallbackHeaders(body, { secret: SECRET }), body });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, post));
    expect(Object.fromEntries(statuses)).toEqual({ 200: deliveries.length });

    const handled = (): string[] => workers.flatMap((w) => w.handled);
    await until(() => handled().length >= CALLBACKS, 'every callback handled', 60_000);
    const connection = connect(redis.url);
    const queue = new Queue(queueName, { connection });
    try {
      await until(async () => (await queue.getJobCounts('completed')).completed === CALLBACKS, 'every job completed');
      expect(await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed')).toEqual({ completed: CALLBACKS, failed: 0, waiting: 0, active: 0, delayed: 0 });
    } finally {
      await queue.close();
      connection.disconnect();
    }
    const counts = new Map<string, number>();
    for (const id of handled()) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.size).toBe(CALLBACKS);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    // Both workers took part.
    expect(workers.every((w) => w.handled.length > 0)).toBe(true);
  });
});
