import { fork } from 'node:child_process';
import { startRedisServer, startSinchSimulator, type SinchSimulator, type TestRedisServer } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReceiverChild } from './support/instances.js';
import type { ReconcileChildMessage, ReconcileParentMessage } from './support/reconcile-child.js';

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

/** One reconciling process: resolves with every id its handler ran and its report; `onMeeting` hears it hold or wait for the held id. */
function startProcess(client: 'node-redis' | 'ioredis', onMeeting: (what: 'holding' | 'waiting') => void) {
  const child = fork(bundle, [], { env: { ...process.env, REDIS_URL: redis.url, REDIS_CLIENT: client }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const handled: string[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const done = new Promise<{ handled: string[]; report: Extract<ReconcileChildMessage, { type: 'report' }>['report'] }>((resolve, reject) => {
    child.on('message', (message: ReconcileChildMessage) => {
      if (message.type === 'ready') ready();
      else if (message.type === 'handled') handled.push(message.id);
      else if (message.type === 'holding' || message.type === 'waiting') onMeeting(message.type);
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
    // The runs are made to meet on one message halfway through, on events: whichever
    // process takes it holds it in its handler until the other has found it claimed and
    // is waiting for it; only then is the holder released.
    const ids = simulator.inbounds().map((m) => m.id);
    const holdId = ids[N / 2]!;
    const meeting: { holder?: number; waiter?: number } = {};
    const send = (index: number, message: ReconcileParentMessage) => processes[index]!.child.send(message);
    const onMeeting = (index: number) => (what: 'holding' | 'waiting') => {
      if (what === 'holding') meeting.holder = index;
      else meeting.waiter = index;
      if (meeting.holder !== undefined && meeting.waiter !== undefined) send(meeting.holder, { type: 'release' });
    };
    const processes = [startProcess('node-redis', onMeeting(0)), startProcess('ioredis', onMeeting(1))];
    await Promise.all(processes.map((p) => p.isReady));
    const go: ReconcileParentMessage = {
      type: 'go',
      baseUrl: simulator.url,
      servicePlanId: simulator.servicePlanId,
      apiToken: simulator.apiToken,
      since: new Date(Date.now() - 23 * 60 * 60 * 1000).toISOString(),
      holdId,
    };
    for (const p of processes) p.child.send(go);
    const [a, b] = await Promise.all(processes.map((p) => p.done));

    const all = [...a!.handled, ...b!.handled];
    const counts = new Map<string, number>();
    for (const id of all) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(all).toHaveLength(N);
    for (const { report } of [a!, b!]) {
      expect(report.seen).toBe(N);
      expect(report.failed + report.deferred).toBe(0);
    }
    expect(a!.report.handled + b!.report.handled).toBe(N);
    expect(a!.report.duplicates + b!.report.duplicates).toBe(N);
    // They met: one process held the message while the other waited for it, and it was
    // handled once, by the holder.
    expect(meeting.holder).toBeDefined();
    expect(meeting.waiter).toBe(1 - meeting.holder!);
    expect([a!, b!][meeting.holder!]!.handled).toContain(holdId);
  }, 120_000);
});
