import { startSinchSimulator, type SinchSimulator, startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET } from './support/callbacks.js';
import { buildReceiverChild, startInstance, startProxy, type Instance, type Proxy } from './support/instances.js';

// Sinch's retry schedule (5 s · 2^k) at a twentieth: 250 ms, 500 ms, 1 s, 2 s, …
const TIME_SCALE = 0.05;

let redis: TestRedisServer | undefined;
let instances: Instance[] = [];
let proxy: Proxy | undefined;
let simulator: SinchSimulator | undefined;

afterEach(async () => {
  await simulator?.close();
  await proxy?.close();
  await Promise.all(instances.map((i) => i.kill()));
  await redis?.close();
  simulator = proxy = redis = undefined;
  instances = [];
});

async function cluster(options: { leaseMs: number; duplicateWaitMs: number; hold?: boolean }) {
  const bundle = await buildReceiverChild();
  redis = await startRedisServer();
  const url = redis.url;
  instances = await Promise.all(
    (['node-redis', 'ioredis', 'node-redis'] as const).map((client, index) => startInstance(bundle, index, { redisUrl: url, client, secret: SECRET, hang: index === 0, ...options })),
  );
  proxy = await startProxy(instances);
  simulator = await startSinchSimulator({ webhook: { url: proxy.url, secret: SECRET }, timeScale: TIME_SCALE, seed: 11 });
  return { redis, instances, proxy, simulator };
}

/** How many times each id was handled, over every instance. */
function handledCounts(all: readonly Instance[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of all.flatMap((i) => i.handled)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

const until = async (check: () => boolean, what: string, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('faults', () => {
  it('kill -9 of an instance mid-handler: its claim lapses and another instance handles the message once', async () => {
    const { instances, proxy, simulator } = await cluster({ leaseMs: 1_500, duplicateWaitMs: 1_000 });
    proxy.pinNext(0);
    const hang = await simulator.send({ id: '01KILLEDMIDHANDLER000000000', body: 'HANG' });
    await until(() => instances[0]!.started.includes('01KILLEDMIDHANDLER000000000'), 'the handler to start on instance 0');
    await instances[0]!.kill();

    // Traffic goes on meanwhile, to the two instances left.
    const others = await Promise.all(Array.from({ length: 60 }, (_, i) => simulator.send({ id: `01AFTERKILL${String(i).padStart(16, '0')}` })));
    const records = await Promise.all([hang, ...others].map((s) => s.delivery!));
    expect(records.map((r) => r.outcome)).toEqual(Array(61).fill('delivered'));

    const counts = handledCounts(instances);
    expect(counts.get('01KILLEDMIDHANDLER000000000')).toBe(1);
    expect(instances[0]!.handled).not.toContain('01KILLEDMIDHANDLER000000000');
    for (const s of others) expect(counts.get(s.inbound.id)).toBe(1);
    // The killed instance's delivery failed, and a later attempt waited out the lease.
    const hangRecord = records[0]!;
    expect(hangRecord.attempts.length).toBeGreaterThan(1);
    expect(hangRecord.attempts[0]!.status).not.toBe(200);
  }, 60_000);

  it('redis-server stopped mid-run, with callbacks in flight: 500s during the outage, then every message handled exactly once after Sinch-style redeliveries', async () => {
    const { redis, instances, simulator } = await cluster({ leaseMs: 3_000, duplicateWaitMs: 1_000, hold: true });
    const sent: Promise<Awaited<ReturnType<SinchSimulator['send']>>>[] = [];
    const sendBatch = (from: number, count: number, body?: string) => {
      for (let i = from; i < from + count; i++) sent.push(simulator.send({ id: `01OUTAGE${String(i).padStart(19, '0')}`, ...(body === undefined ? {} : { body }) }));
    };
    // Three callbacks whose handlers hold their claims until released, amid 100 others.
    sendBatch(0, 3, 'HOLD');
    sendBatch(3, 100);
    const held = (await Promise.all(sent.slice(0, 3))).map((s) => s.inbound.id);
    const started = () => instances.flatMap((i) => i.started);
    await until(() => held.every((id) => started().includes(id)), 'the held handlers to start');

    // Redis goes away while those are mid-handler, their record still to be written.
    await redis.stop();
    sendBatch(103, 100); // arrive while Redis is down
    const outage = (await Promise.all(sent.slice(103))).map((s) => s.inbound.id);
    const refusedOnce = () => outage.every((id) => simulator.deliveries().some((d) => d.inboundId === id && d.attempts.some((a) => a.status === 500)));
    await until(refusedOnce, 'every callback sent during the outage to be answered 500 once');
    // The held handlers finish while Redis is still down: their record fails.
    for (const instance of instances) instance.release();
    await until(() => held.every((id) => instances.some((i) => i.handled.includes(id))), 'the held handlers to finish');
    await redis.start();
    sendBatch(203, 100);

    const records = await Promise.all((await Promise.all(sent)).map((s) => s.delivery!));
    expect(records.map((r) => r.outcome)).toEqual(Array(303).fill('delivered'));
    const during = records.slice(103, 203).flatMap((r) => r.attempts.map((a) => a.status));
    expect(during).toContain(500);
    expect(records.flatMap((r) => r.attempts).filter((a) => a.status !== undefined && a.status !== 200 && a.status !== 500)).toEqual([]);
    // The held callbacks were answered 200 once their handlers succeeded, record or not.
    for (const r of records.slice(0, 3)) expect(r.attempts.map((a) => a.status)).toEqual([200]);

    const counts = handledCounts(instances);
    expect(counts.size).toBe(303);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // One line per store per instance for the outage, not one per failed callback.
    for (const instance of instances) {
      const errors = instance.logs.filter((l) => l.level === 'error');
      expect(errors.length).toBeLessThanOrEqual(2);
      for (const e of errors) expect(e.message).toMatch(/the (replay guard|dedupe store) is failing/);
    }
    expect(instances.flatMap((i) => i.logs.filter((l) => l.level === 'error')).length).toBeGreaterThan(0);
  }, 90_000);
});
