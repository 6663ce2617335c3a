// The BullMQ queue (issue 21) against the inline webhook path, same run: each Express
// route in a server process of its own, a throwaway redis-server on loopback.
// 1. At a steady RATE req/s with a 2 s handler: webhook p99 with the queue (the handler
//    runs in a BullMQ worker in the route's own process) ≤ 1.5× the p99 of the same
//    route with an empty inline handler; printed beside it: the worker in a process of
//    its own, the queue with no worker, and the 2 s handler inline for contrast. All
//    routes are sent to at the same time, each at RATE, their sends interleaved: a spell
//    of load from elsewhere on this shared machine falls on all of them alike, while each
//    process's own work (the worker beside the queued route) stays its own. Each route's
//    p99 is over all its samples (thousands, not the ~4th slowest of one round), judged
//    as the median over blocks of rounds, with a bootstrap interval. Every request also
//    records where its time went (the server's own stamp, the generator's lateness), and
//    every round each server's event-loop delay, GC pauses and enqueue time.
// 2. Enqueue cost: req/s through Express with the queue (no worker running) ≥ 0.6× the
//    inline path with an empty handler and the default in-memory stores, at 64
//    connections, the ratio the median of the per-pair ratios.
// 3. Drain rate: jobs/s of one worker (default concurrency) with an empty handler, over
//    the backlog parts 1 and 2 left on a queue no worker ran on until then (printed only).
// MET / NOT MET with the spread, non-zero exit when a target is not met.
// RATE=… and ROUNDS=… (a multiple of 5) in the environment change the steady phase.
import { availableParallelism, loadavg } from 'node:os';
import { createRoundRunner, roundOrder, withServerCpu } from './harness/load.mjs';
import { forkServerChild, isServerChild, serveParent } from './harness/server-child.mjs';
import { createPoolSizer, signedMoTextPool } from './harness/signed-callbacks.mjs';
import { quantile, SERVER_TIME_HEADER, steadyRateRound } from './harness/steady-rate.mjs';
import { printTable } from './harness/table.mjs';
import { judge, loadLine } from './harness/targets.mjs';
import { median } from './harness/throughput.mjs';

const SECRET = 'KayakingTheSwell';
const PATH = '/sinch/callbacks';
const SLOW_HANDLER_MS = 2_000;
// Steady phase: a rate the shared 2-core machine sustains on every route at once, 2 s handler included.
const RATE = Number(process.env.RATE ?? 60);
// 15 rounds × 4 s × 60 req/s = 3,600 samples a route, its p99 the 36th slowest;
// judged over BLOCKS blocks of consecutive rounds (720 samples each).
const STEADY_ROUNDS = Number(process.env.ROUNDS ?? 15);
const ROUND_SECONDS_STEADY = 4;
const BLOCKS = 5;
const BOOTSTRAP = 1000;
// Throughput phase, as in the other webhook benches.
const ROUNDS = 5;
const ROUND_SECONDS = 2.5;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 64;
const DRAIN_MAX_SECONDS = 10;
// Each route's server child is told its route and Redis through the environment it inherits.
const ROUTE_ENV = 'QUEUE_BENCH_ROUTE';
const REDIS_ENV = 'QUEUE_BENCH_REDIS';
const ROUTES = ['inlineEmpty', 'queueSlow', 'queueSlowChild', 'queueEnqueue', 'inlineSlow'];

await (isServerChild() ? runServer(process.env[ROUTE_ENV], process.env[REDIS_ENV]) : process.argv[2] === 'worker' ? runWorkerChild(process.argv[3], process.argv[4]) : runBenchmark());

/** A worker in a process of its own (the package README's web/worker split), 2 s handler. */
async function runWorkerChild(redisUrl, queueName) {
  const { setTimeout: sleep } = await import('node:timers/promises');
  const { Redis } = await import('ioredis');
  const { createWebhookReceiver, silentLogger } = await import('@sinch-inbounds/express');
  const { startSinchWorker } = await import('@sinch-inbounds/bullmq');
  const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
  receiver.on('mo_text', () => sleep(SLOW_HANDLER_MS));
  receiver.on('error', (e) => console.error('unexpected receiver error', e));
  await startSinchWorker(receiver, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), queueName, concurrency: RATE * 4, logger: silentLogger });
  process.on('disconnect', () => process.exit(0));
  process.send('ready');
}

/** One route's server: its receiver behind Express, and what it measures of itself. */
async function runServer(route, redisUrl) {
  const { setTimeout: sleep } = await import('node:timers/promises');
  const { monitorEventLoopDelay, PerformanceObserver } = await import('node:perf_hooks');
  const { default: express } = await import('express');
  const { Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const { createWebhookReceiver, sinchWebhook, silentLogger } = await import('@sinch-inbounds/express');
  const { bullmqQueue, startSinchWorker } = await import('@sinch-inbounds/bullmq');

  const counts = { handled: 0, enqueued: 0 };
  // Per round: this process's event-loop delay, GC pauses and each enqueue's own time.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  let gc = { count: 0, totalMs: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  let enqueueMs = [];
  const timed = (queue) => ({
    async enqueue(callback) {
      const start = performance.now();
      try {
        return await queue.enqueue(callback);
      } finally {
        enqueueMs.push(performance.now() - start);
      }
    },
  });
  const roundStart = () => {
    loopDelay.reset();
    gc = { count: 0, totalMs: 0, maxMs: 0 };
    enqueueMs = [];
    return true;
  };
  const roundEnd = () => {
    const sorted = enqueueMs.sort((a, b) => a - b);
    const enqueue = (q) => (sorted.length > 0 ? quantile(sorted, q) : undefined);
    return { loopP99: loopDelay.percentile(99) / 1e6, loopMax: loopDelay.max / 1e6, gc, enqueueP50: enqueue(0.5), enqueueP99: enqueue(0.99) };
  };

  // As the package README's web side: fail at once while Redis is away rather than buffer.
  const openQueue = async (name) => {
    const queue = new Queue(name, { connection: new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: null }) });
    await queue.waitUntilReady();
    return queue;
  };
  const workerConnection = () => new Redis(redisUrl, { maxRetriesPerRequest: null });
  const slowHandler = async () => {
    await sleep(SLOW_HANDLER_MS);
    counts.handled++;
  };
  const emptyHandler = () => {
    counts.handled++;
  };
  const queued = route.startsWith('queue');
  const queue = queued ? await openQueue(`sinch-${route}`) : undefined;
  const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger, ...(queued ? { queue: timed(bullmqQueue(queue)) } : {}) });
  receiver.on('mo_text', route === 'queueEnqueue' || route === 'inlineEmpty' ? emptyHandler : slowHandler);
  receiver.on('error', (e) => console.error('unexpected receiver error', e));
  // Enough concurrency for RATE jobs of 2 s each, with room: the queue must not fall behind.
  if (route === 'queueSlow') await startSinchWorker(receiver, { connection: workerConnection(), queueName: queue.name, concurrency: RATE * 4, logger: silentLogger });
  if (route === 'queueSlowChild') {
    const { fork } = await import('node:child_process');
    const { once } = await import('node:events');
    const { fileURLToPath } = await import('node:url');
    const worker = fork(fileURLToPath(import.meta.url), ['worker', redisUrl, queue.name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    process.on('exit', () => worker.kill());
    await once(worker, 'message');
  }

  // The server's own time per request, from its 'request' event to its answer's head.
  const stamp = (req, res, next) => {
    const start = process.hrtime.bigint();
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      this.setHeader(SERVER_TIME_HEADER, String(Number(process.hrtime.bigint() - start) / 1000));
      return writeHead.apply(this, args);
    };
    next();
  };
  const port = await new Promise((resolve) => {
    const server = express().post(PATH, stamp, sinchWebhook(receiver)).listen(0, '127.0.0.1', () => resolve(server.address().port));
  });

  // Part 3, on the queue no worker ran on: one worker with an empty handler drains what parts 1 and 2 left.
  const drain = async () => {
    const backlog = await queue.getWaitingCount();
    const before = counts.handled;
    const start = performance.now();
    const worker = await startSinchWorker(receiver, { connection: workerConnection(), queueName: queue.name, logger: silentLogger });
    while (counts.handled - before < backlog && performance.now() - start < DRAIN_MAX_SECONDS * 1000) await sleep(20);
    const jobs = counts.handled - before;
    const seconds = (performance.now() - start) / 1000;
    await worker.close();
    // Handlers ran, and BullMQ recorded the jobs as done: none left waiting.
    const { waiting, completed } = await queue.getJobCounts('waiting', 'completed');
    return { backlog, jobs, seconds, waiting, completed };
  };
  serveParent({ count: () => ({ ...counts, cpu: process.cpuUsage() }), drain, roundStart, roundEnd }, { port });
}

async function runBenchmark() {
  const { startRedisServer } = await import('@sinch-inbounds/testing');
  const redisServer = await startRedisServer();
  const servers = {};
  try {
    process.env[REDIS_ENV] = redisServer.url;
    for (const route of ROUTES) {
      process.env[ROUTE_ENV] = route;
      servers[route] = await forkServerChild(import.meta.url);
    }
    const ports = Object.fromEntries(ROUTES.map((route) => [route, servers[route].ready.port]));

    // 1. Steady rate, 2 s handler: every route at once, each at RATE, sends interleaved.
    const round = async (r, seconds) => {
      await Promise.all(ROUTES.map((name) => servers[name].ask('roundStart')));
      const results = await Promise.all(
        ROUTES.map((name, k) =>
          steadyRateRound({ label: name, url: `http://127.0.0.1:${ports[name]}`, path: PATH, rate: RATE, seconds, phase: k / ROUTES.length, pool: signedMoTextPool(SECRET, Math.round(RATE * seconds)) }),
        ),
      );
      const load = loadavg()[0];
      return Promise.all(ROUTES.map(async (name, k) => ({ name, round: r, ...results[k], server: await servers[name].ask('roundEnd'), load })));
    };
    await round(-1, 1);
    const slices = [];
    for (let r = 0; r < STEADY_ROUNDS; r++) slices.push(...(await round(r, ROUND_SECONDS_STEADY)));
    const steady = analyseSteady(slices);

    // 2. Enqueue cost at full speed, no worker on that queue.
    const throughputServers = { memory: servers.inlineEmpty, queue: servers.queueEnqueue };
    const rounds = createRoundRunner({ ports: { memory: ports.inlineEmpty, queue: ports.queueEnqueue }, pools: createPoolSizer(SECRET), path: PATH, connections: CONNECTIONS });
    await rounds.run('memory', WARMUP_SECONDS, true);
    await rounds.run('queue', WARMUP_SECONDS, true);
    const samples = { memory: [], queue: [] };
    const rpsRatios = [];
    for (let r = 0; r < ROUNDS; r++) {
      const pair = {};
      for (const name of roundOrder(['memory', 'queue'], r)) {
        const result = await withServerCpu(throughputServers[name], () => rounds.run(name, ROUND_SECONDS));
        pair[name] = result.requests.average;
        samples[name].push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuPerReq: result.cpuPerReq });
      }
      rpsRatios.push(pair.queue / pair.memory);
    }

    // 3. Drain the backlog parts 1 and 2 left.
    const drained = await servers.queueEnqueue.ask('drain');

    printSteady(steady);
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
    // A p99 on a machine with more runnable processes than cores is mostly the scheduler's.
    const peakLoad = Math.max(...steady.slices.map((s) => s.load));
    const inlineStall = median(steady.of('inlineEmpty').map((s) => s.server.loopMax));
    if (peakLoad > availableParallelism()) {
      console.log(
        `OVERLOADED: 1-min load up to ${peakLoad.toFixed(1)} on ${availableParallelism()} cores during the steady phase; the empty inline route's own event loop stalled up to ${inlineStall.toFixed(0)} ms a round (median): its p99 and the ratio below measure the scheduler more than the routes.`,
      );
    }
    judge({
      label: `queue (2 s handler) / inline empty handler, webhook p99 at ${RATE} req/s, over ${BLOCKS} blocks of ${STEADY_ROUNDS / BLOCKS} rounds`,
      perRound: steady.blockRatios,
      atMost: 1.5,
      note: `all ${steady.samples.queueSlow.length} samples a route: ${steady.pooledRatio.toFixed(2)}×, 95% bootstrap ${steady.interval[0].toFixed(2)}–${steady.interval[1].toFixed(2)}`,
    });
    judge({
      label: `queue / inline in-memory, req/s at ${CONNECTIONS} connections`,
      perRound: rpsRatios,
      atLeast: 0.6,
      note: `server CPU µs/req ${med('queue', 'cpuPerReq').toFixed(1)} vs ${med('memory', 'cpuPerReq').toFixed(1)}`,
    });
    if (rounds.late() > 0) console.log(`(${rounds.late()} messages were generated during rounds: a pool ran short)`);
  } finally {
    for (const server of Object.values(servers)) server.close();
    await redisServer.close();
  }
}

/** The steady phase's numbers: each route's p99 over all its samples and per block of rounds, against the empty inline route's. */
function analyseSteady(slices) {
  const routes = [...new Set(slices.map((s) => s.name))];
  const of = (name, rounds) => slices.filter((s) => s.name === name && (rounds === undefined || rounds.includes(s.round)));
  const samplesOf = (name, rounds) => of(name, rounds).flatMap((s) => s.samples);
  const sortedMs = (samples) => samples.map((s) => s.ms).sort((a, b) => a - b);
  const p99 = (samples) => quantile(sortedMs(samples), 0.99);
  const samples = Object.fromEntries(routes.map((name) => [name, samplesOf(name)]));
  const ratio = (name, rounds) => p99(samplesOf(name, rounds)) / p99(samplesOf('inlineEmpty', rounds));
  const perBlock = STEADY_ROUNDS / BLOCKS;
  const blockRounds = Array.from({ length: BLOCKS }, (_, b) => Array.from({ length: perBlock }, (_, i) => b * perBlock + i));
  // Each route's samples drawn again with replacement: how far the pooled ratio moves by
  // chance if samples were independent. Stalls hold up runs of consecutive requests, so
  // the spread over blocks is the more honest one.
  const resample = (values) => Array.from(values, () => values[Math.floor(Math.random() * values.length)]);
  const queueMs = samples.queueSlow.map((s) => s.ms);
  const inlineMs = samples.inlineEmpty.map((s) => s.ms);
  const boot = Array.from({ length: BOOTSTRAP }, () => quantile(resample(queueMs).sort((a, b) => a - b), 0.99) / quantile(resample(inlineMs).sort((a, b) => a - b), 0.99)).sort((a, b) => a - b);
  return {
    samples,
    slices,
    pooledRatio: ratio('queueSlow'),
    pooledRatios: Object.fromEntries(routes.map((name) => [name, ratio(name)])),
    blockRatios: blockRounds.map((rounds) => ratio('queueSlow', rounds)),
    interval: [quantile(boot, 0.025), quantile(boot, 0.975)],
    of,
  };
}

/** The steady phase's three tables: the routes, where their slowest requests' time went, and round by round. */
function printSteady(steady) {
  const { samples, of } = steady;
  const stats = (name) => {
    const ms = samples[name].map((s) => s.ms).sort((a, b) => a - b);
    return [quantile(ms, 0.5), quantile(ms, 0.99), ms[ms.length - 1]];
  };
  const spread = (values) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
  const rows = [
    ['inline, empty handler (in-memory stores)', 'inlineEmpty'],
    ['queue: bullmqQueue, 2 s handler in a worker (judged)', 'queueSlow'],
    ['queue: bullmqQueue, 2 s handler in a worker child (print only)', 'queueSlowChild'],
    ['queue: bullmqQueue, no worker running (diagnostic)', 'queueEnqueue'],
  ];
  const roundRatios = (name) => spread(steady.slices.filter((s) => s.name === name).map((s) => s.p99 / of('inlineEmpty', [s.round])[0].p99));
  printTable(
    `Steady ${RATE} req/s on every route at once, ${STEADY_ROUNDS} rounds of ${ROUND_SECONDS_STEADY} s, open loop, each route in a server process of its own, over all ${samples.inlineEmpty.length} samples a route (Node ${process.version})`,
    ['Express route', 'p50 ms', 'p99 ms', 'max ms', 'p99 vs empty inline', 'one round\'s p99 vs its inline'],
    [
      ...rows.map(([label, name]) => [label, ...stats(name), `${steady.pooledRatios[name].toFixed(2)}×`, name === 'inlineEmpty' ? '—' : roundRatios(name)]),
      ['inline, 2 s handler (contrast)', ...stats('inlineSlow'), `${steady.pooledRatios.inlineSlow.toFixed(0)}×`, '—'],
    ],
  );
  // The slowest 1% of each route: was the time in the server's handling, or around it?
  const tail = (name) => {
    const sorted = [...samples[name]].sort((a, b) => a.ms - b.ms);
    const slowest = sorted.slice(Math.ceil(sorted.length * 0.99) - 1);
    const med = (f) => median(slowest.map(f));
    const serverP99 = quantile(samples[name].map((s) => s.serverMs).sort((a, b) => a - b), 0.99);
    const routeSlices = steady.slices.filter((s) => s.name === name);
    const enqueue = (key) => {
      const values = routeSlices.map((s) => s.server[key]).filter((v) => v !== undefined);
      return values.length > 0 ? median(values) : '—';
    };
    return [
      serverP99,
      med((s) => s.serverMs),
      med((s) => s.ms - s.serverMs),
      med((s) => s.lateMs),
      enqueue('enqueueP50'),
      enqueue('enqueueP99'),
      median(routeSlices.map((s) => s.server.loopMax)),
      Math.max(...routeSlices.map((s) => s.server.loopMax)),
      Math.max(...routeSlices.map((s) => s.server.gc.maxMs)),
    ];
  };
  printTable(
    'Where the time of each route\'s slowest 1% went (ms): the server\'s own stamp (request event to answer), the rest (scheduling, loopback, generator), and per round the server process\'s event loop and GC',
    ['Express route', 'server p99', 'slowest 1%: server', 'slowest 1%: outside', 'slowest 1%: sent late', 'enqueue p50 (round median)', 'enqueue p99 (round median)', 'loop delay max (round median)', 'loop delay max (worst round)', 'GC pause max'],
    rows.map(([label, name]) => [label, ...tail(name)]),
  );
  printTable(
    `Per round: the judged pair's p99 (${RATE * ROUND_SECONDS_STEADY} samples each) beside their servers' event-loop delay and the load average`,
    ['round', '1-min load', 'inline p99', 'queue p99', 'ratio', 'queue slowest: server / outside', 'loop max inline / queue', 'queue enqueue p99'],
    Array.from({ length: STEADY_ROUNDS }, (_, r) => {
      const [inline] = of('inlineEmpty', [r]);
      const [queue] = of('queueSlow', [r]);
      const slowest = queue.samples.reduce((a, b) => (b.ms > a.ms ? b : a));
      return [
        String(r + 1),
        queue.load,
        inline.p99,
        queue.p99,
        `${(queue.p99 / inline.p99).toFixed(2)}×`,
        `${slowest.serverMs.toFixed(2)} / ${(slowest.ms - slowest.serverMs).toFixed(2)}`,
        `${inline.server.loopMax.toFixed(1)} / ${queue.server.loopMax.toFixed(1)}`,
        queue.server.enqueueP99,
      ];
    }),
  );
}
