// The BullMQ queue (issue 21) against the inline webhook path, same run, Express routes
// in a child process, a throwaway redis-server on loopback:
// 1. At a steady RATE req/s with a 2 s handler: webhook p99 with the queue (the handler
//    runs in a BullMQ worker in the same child) ≤ 1.5× the p99 of the same route with an
//    empty inline handler; the 2 s handler inline at the same rate, for contrast; and,
//    printed only, the worker in a process of its own and the queue with no worker.
// 2. Enqueue cost: req/s through Express with the queue (no worker running) ≥ 0.6× the
//    inline path with an empty handler and the default in-memory stores, at 64
//    connections, the ratio the median of the per-pair ratios.
// 3. Drain rate: jobs/s of one worker (default concurrency) with an empty handler, over
//    the backlog parts 1 and 2 left on a queue no worker ran on until then (printed only).
// MET / NOT MET with the spread over rounds, non-zero exit when a target is not met.
import { createRoundRunner, roundOrder, withServerCpu } from './harness/load.mjs';
import { forkServerChild, isServerChild, serveParent } from './harness/server-child.mjs';
import { createPoolSizer, signedMoTextPool } from './harness/signed-callbacks.mjs';
import { steadyRateRound } from './harness/steady-rate.mjs';
import { printTable } from './harness/table.mjs';
import { judge, loadLine } from './harness/targets.mjs';
import { median } from './harness/throughput.mjs';

const SECRET = 'KayakingTheSwell';
const PATH = '/sinch/callbacks';
const SLOW_HANDLER_MS = 2_000;
// Steady phase: a rate the shared 2-core machine sustains on every route, 2 s handler included.
const RATE = 60;
// p99 of one round is its ~4th slowest of 360 requests: fewer make it one outlier.
const STEADY_ROUNDS = 5;
const STEADY_SECONDS = 6;
// Throughput phase, as in the other webhook benches.
const ROUNDS = 5;
const ROUND_SECONDS = 2.5;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 64;
const DRAIN_MAX_SECONDS = 10;
const SLOW_QUEUE = 'sinch-slow';
const ENQUEUE_QUEUE = 'sinch-enqueue';

const SLOW_CHILD_QUEUE = 'sinch-slow-child';

await (isServerChild() ? runServers() : process.argv[2] === 'worker' ? runWorkerChild(process.argv[3]) : runBenchmark());

/** The package README's web/worker split: a worker process of its own, 2 s handler. */
async function runWorkerChild(redisUrl) {
  const { setTimeout: sleep } = await import('node:timers/promises');
  const { Redis } = await import('ioredis');
  const { createWebhookReceiver, silentLogger } = await import('@sinch-inbounds/express');
  const { startSinchWorker } = await import('@sinch-inbounds/bullmq');
  const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
  receiver.on('mo_text', () => sleep(SLOW_HANDLER_MS));
  receiver.on('error', (e) => console.error('unexpected receiver error', e));
  await startSinchWorker(receiver, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), queueName: SLOW_CHILD_QUEUE, concurrency: RATE * 4, logger: silentLogger });
  process.on('disconnect', () => process.exit(0));
  process.send('ready');
}

async function runServers() {
  const { setTimeout: sleep } = await import('node:timers/promises');
  const { default: express } = await import('express');
  const { Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const { createWebhookReceiver, sinchWebhook, silentLogger } = await import('@sinch-inbounds/express');
  const { bullmqQueue, startSinchWorker } = await import('@sinch-inbounds/bullmq');
  const { startRedisServer } = await import('@sinch-inbounds/testing');
  const redisServer = await startRedisServer();
  process.on('exit', () => void redisServer.close());
  const workerConnection = () => new Redis(redisServer.url, { maxRetriesPerRequest: null });
  // As the package README's web side: fail at once while Redis is away rather than buffer.
  const openQueue = async (name) => {
    const queue = new Queue(name, { connection: new Redis(redisServer.url, { enableOfflineQueue: false, maxRetriesPerRequest: null }) });
    await queue.waitUntilReady();
    return queue;
  };
  const slowQueue = await openQueue(SLOW_QUEUE);
  const enqueueQueue = await openQueue(ENQUEUE_QUEUE);
  const slowChildQueue = await openQueue(SLOW_CHILD_QUEUE);
  const { fork } = await import('node:child_process');
  const { once } = await import('node:events');
  const { fileURLToPath } = await import('node:url');
  const workerChild = fork(fileURLToPath(import.meta.url), ['worker', redisServer.url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  process.on('exit', () => workerChild.kill());
  await once(workerChild, 'message');

  const counts = { inline: 0, slow: 0, drained: 0 };
  const receiver = (options, handler) => {
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger, ...options });
    r.on('mo_text', handler);
    r.on('error', (e) => console.error('unexpected receiver error', e));
    return r;
  };
  const slowHandler = async () => {
    await sleep(SLOW_HANDLER_MS);
    counts.slow++;
  };
  const receivers = {
    inlineEmpty: receiver({}, () => {
      counts.inline++;
    }),
    inlineSlow: receiver({}, slowHandler),
    queueSlow: receiver({ queue: bullmqQueue(slowQueue) }, slowHandler),
    // Its handler runs in the worker child; this one only enqueues.
    queueSlowChild: receiver({ queue: bullmqQueue(slowChildQueue) }, slowHandler),
    queueEnqueue: receiver({ queue: bullmqQueue(enqueueQueue) }, () => {
      counts.drained++;
    }),
  };
  // Enough concurrency for RATE jobs of 2 s each, with room: the queue must not fall behind.
  await startSinchWorker(receivers.queueSlow, { connection: workerConnection(), queueName: SLOW_QUEUE, concurrency: RATE * 4, logger: silentLogger });

  const listen = (r) =>
    new Promise((resolve) => {
      const server = express().post(PATH, sinchWebhook(r)).listen(0, '127.0.0.1', () => resolve(server.address().port));
    });
  const ports = {};
  for (const [name, r] of Object.entries(receivers)) ports[name] = await listen(r);

  const drain = async () => {
    const backlog = await enqueueQueue.getWaitingCount();
    const before = counts.drained;
    const start = performance.now();
    const worker = await startSinchWorker(receivers.queueEnqueue, { connection: workerConnection(), queueName: ENQUEUE_QUEUE, logger: silentLogger });
    while (counts.drained - before < backlog && performance.now() - start < DRAIN_MAX_SECONDS * 1000) await sleep(20);
    const jobs = counts.drained - before;
    const seconds = (performance.now() - start) / 1000;
    await worker.close();
    // Handlers ran, and BullMQ recorded the jobs as done: none left waiting.
    const { waiting, completed } = await enqueueQueue.getJobCounts('waiting', 'completed');
    return { backlog, jobs, seconds, waiting, completed };
  };
  serveParent({ count: () => ({ ...counts, cpu: process.cpuUsage() }), drain }, { ports });
}

async function runBenchmark() {
  const server = await forkServerChild(import.meta.url);
  const { ports } = server.ready;
  try {
    // 1. Steady rate, 2 s handler.
    // queueEnqueue has no worker yet: its row tells the enqueue's own latency apart from
    // what the worker draining beside the webhook adds.
    const steadyRoutes = ['inlineEmpty', 'queueSlow', 'queueSlowChild', 'queueEnqueue', 'inlineSlow'];
    const steady = (name, seconds) =>
      steadyRateRound({ label: name, url: `http://127.0.0.1:${ports[name]}`, path: PATH, rate: RATE, seconds, pool: signedMoTextPool(SECRET, Math.round(RATE * seconds)) });
    for (const name of steadyRoutes) await steady(name, 1);
    const steadySamples = Object.fromEntries(steadyRoutes.map((name) => [name, []]));
    const p99Ratios = [];
    for (let r = 0; r < STEADY_ROUNDS; r++) {
      const round = {};
      for (const name of roundOrder(steadyRoutes, r)) {
        round[name] = await steady(name, STEADY_SECONDS);
        steadySamples[name].push(round[name]);
      }
      p99Ratios.push(round.queueSlow.p99 / round.inlineEmpty.p99);
    }

    // 2. Enqueue cost at full speed, no worker on that queue.
    const rounds = createRoundRunner({ ports: { memory: ports.inlineEmpty, queue: ports.queueEnqueue }, pools: createPoolSizer(SECRET), path: PATH, connections: CONNECTIONS });
    await rounds.run('memory', WARMUP_SECONDS, true);
    await rounds.run('queue', WARMUP_SECONDS, true);
    const samples = { memory: [], queue: [] };
    const rpsRatios = [];
    for (let r = 0; r < ROUNDS; r++) {
      const round = {};
      for (const name of roundOrder(['memory', 'queue'], r)) {
        const result = await withServerCpu(server, () => rounds.run(name, ROUND_SECONDS));
        round[name] = result.requests.average;
        samples[name].push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuPerReq: result.cpuPerReq });
      }
      rpsRatios.push(round.queue / round.memory);
    }

    // 3. Drain the backlog part 2 left.
    const drained = await server.ask('drain');

    const steadyMed = (name, key) => median(steadySamples[name].map((s) => s[key]));
    printTable(
      `Steady ${RATE} req/s, ${STEADY_ROUNDS} interleaved rounds of ${STEADY_SECONDS} s per route, open loop, medians (Node ${process.version})`,
      ['Express route', 'p50 ms', 'p99 ms', 'max ms', 'p99 vs empty inline'],
      [
        ['inline, empty handler (in-memory stores)', steadyMed('inlineEmpty', 'p50'), steadyMed('inlineEmpty', 'p99'), steadyMed('inlineEmpty', 'max'), '1.00×'],
        ['queue: bullmqQueue, 2 s handler in a worker', steadyMed('queueSlow', 'p50'), steadyMed('queueSlow', 'p99'), steadyMed('queueSlow', 'max'), `${median(p99Ratios).toFixed(2)}×`],
        ['queue: bullmqQueue, 2 s handler in a worker child (print only)', steadyMed('queueSlowChild', 'p50'), steadyMed('queueSlowChild', 'p99'), steadyMed('queueSlowChild', 'max'), `${(steadyMed('queueSlowChild', 'p99') / steadyMed('inlineEmpty', 'p99')).toFixed(2)}×`],
        ['queue: bullmqQueue, no worker running (diagnostic)', steadyMed('queueEnqueue', 'p50'), steadyMed('queueEnqueue', 'p99'), steadyMed('queueEnqueue', 'max'), `${(steadyMed('queueEnqueue', 'p99') / steadyMed('inlineEmpty', 'p99')).toFixed(2)}×`],
        ['inline, 2 s handler (contrast)', steadyMed('inlineSlow', 'p50'), steadyMed('inlineSlow', 'p99'), steadyMed('inlineSlow', 'max'), `${(steadyMed('inlineSlow', 'p99') / steadyMed('inlineEmpty', 'p99')).toFixed(0)}×`],
      ],
    );
    const med = (name, key) => median(samples[name].map((s) => s[key]));
    printTable(
      `Enqueue cost: ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s per route, medians`,
      ['Express route', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'req/s vs inline'],
      [
        ['inline, empty handler (in-memory stores)', med('memory', 'rps'), med('memory', 'p50'), med('memory', 'p99'), med('memory', 'cpuPerReq'), '100.0%'],
        ['queue: bullmqQueue (enqueue only)', med('queue', 'rps'), med('queue', 'p50'), med('queue', 'p99'), med('queue', 'cpuPerReq'), `${(median(rpsRatios) * 100).toFixed(1)}%`],
      ],
    );
    console.log(
      `Drain: one worker (concurrency 10, empty handler) ran ${drained.jobs} of ${drained.backlog} queued jobs in ${drained.seconds.toFixed(1)} s = ${(drained.jobs / drained.seconds).toFixed(0)} jobs/s (BullMQ after: ${drained.completed} completed, ${drained.waiting} waiting)`,
    );
    console.log(loadLine());
    judge({ label: `queue (2 s handler) / inline empty handler, webhook p99 at ${RATE} req/s`, perRound: p99Ratios, atMost: 1.5 });
    judge({
      label: `queue / inline in-memory, req/s at ${CONNECTIONS} connections`,
      perRound: rpsRatios,
      atLeast: 0.6,
      note: `server CPU µs/req ${med('queue', 'cpuPerReq').toFixed(1)} vs ${med('memory', 'cpuPerReq').toFixed(1)}`,
    });
    if (rounds.late() > 0) console.log(`(${rounds.late()} messages were generated during rounds: a pool ran short)`);
  } finally {
    server.close();
  }
}
