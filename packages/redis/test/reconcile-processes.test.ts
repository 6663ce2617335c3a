import { fork } from 'node:child_process';
import { startRedisServer, startSinchSimulator, type SinchSimulator, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReceiverChild } from './support/instances.js';
import type { ReconcileChildMessage } from './support/reconcile-child.js';

const N = 1_000;

let redis: TestRedisServer;
let simulator: SinchSimulator;
let bundle: string;

beforeAll(async () => {
  bundle = await buildReceiverChild('reconcile-child');
  redis = await startRedisServer();
  simulator = await startSinchSimulator({ seed: 3 });
  simulator.seed(N);
}, 60_000);

afterAll(async () => {
  await simulator?.close();
  await redis?.close();
});

/** One reconciling process: resolves with every id its handler ran and its report. */
function startProcess(client: 'node-redis' | 'ioredis') {
  const child = fork(bundle, [], { env: { ...process.env, REDIS_URL: redis.url, REDIS_CLIENT: client }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const handled: string[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const done = new Promise<{ handled: string[]; report: Extract<ReconcileChildMessage, { type: 'report' }>['report'] }>((resolve, reject) => {
    child.on('message', (message: ReconcileChildMessage) => {
      if (message.type === 'ready') ready();
      else if (message.type === 'handled') handled.push(message.id);
      else if (message.type === 'report') resolve({ handled, report: message.report });
      else reject(new Error(`reconcile process failed: ${message.message}`));
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`reconcile process exited with ${code}`));
    });
  });
  done.catch(() => {});
  return { child, isReady, done };
}

describe('two processes reconciling the same window at once on one Redis', () => {
  it(`handle each of ${N} messages exactly once between them`, async () => {
    const processes = [startProcess('node-redis'), startProcess('ioredis')];
    await Promise.all(processes.map((p) => p.isReady));
    const go = {
      type: 'go',
      baseUrl: simulator.url,
      servicePlanId: simulator.servicePlanId,
      apiToken: simulator.apiToken,
      since: new Date(Date.now() - 23 * 60 * 60 * 1000).toISOString(),
    };
    for (const p of processes) p.child.send(go);
    const [a, b] = await Promise.all(processes.map((p) => p.done));

    const all = [...a!.handled, ...b!.handled];
    const counts = new Map<string, number>();
    for (const id of all) counts.set(id, (counts.get(id) ?? 0) + 1);
    const ids = simulator.inbounds().map((m) => m.id);
    expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(all).toHaveLength(N);
    for (const { report } of [a!, b!]) {
      expect(report.seen).toBe(N);
      expect(report.failed + report.deferred).toBe(0);
    }
    expect(a!.report.handled + b!.report.handled).toBe(N);
    expect(a!.report.duplicates + b!.report.duplicates).toBe(N);
    // Both took part: the runs overlapped rather than one finishing before the other began.
    expect(a!.report.handled).toBeGreaterThan(0);
    expect(b!.report.handled).toBeGreaterThan(0);
  }, 120_000);
});
