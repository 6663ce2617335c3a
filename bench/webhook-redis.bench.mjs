// Webhook throughput over loopback HTTP, same run: Express with sinchWebhook and the
// Redis stores (@sinch-inbounds/redis over node-redis, redis-server on loopback) against
// the same app with the default in-memory stores, at 64 connections. Targets (issue 22):
// Redis ≥ 0.8× in-memory req/s, and ≤ 2.0 Redis round trips per handled callback; MET /
// NOT MET with the spread over rounds, non-zero exit when one is not met.
//
// Same method as webhook-express.bench.mjs: servers in a child, autocannon here, every
// request a distinct signed message, short interleaved rounds, the ratio the median of the
// per-pair ratios. Redis round trips per callback are counted on the client: every call
// the stores make (commands inside a script are not round trips). A third app, not
// judged, keeps its nonces in memory and only the dedupe store in Redis: two round trips
// per callback, as with the one nonce-and-claim script, at about the same client cost.
//
// Then, without HTTP, the store calls of one handled callback as the receiver makes them
// today (remember, claim, complete) and with the nonce and the claim in one script
// (claimWithNonce, complete), 64 callbacks in flight, on node-redis and ioredis: callbacks/s
// and the client's CPU per callback, interleaved rounds, medians (not judged).
// `node webhook-redis.bench.mjs --stores` runs only that part.
import { assertEvery2xxHandled, createRoundRunner, roundOrder, withServerCpu } from './harness/load.mjs';
import { forkServerChild, isServerChild, serveParent } from './harness/server-child.mjs';
import { createPoolSizer } from './harness/signed-callbacks.mjs';
import { printTable } from './harness/table.mjs';
import { judge, loadLine } from './harness/targets.mjs';
import { median } from './harness/throughput.mjs';

const SECRET = 'KayakingTheSwell';
const PATH = '/sinch/callbacks';
const ROUNDS = 6;
const ROUND_SECONDS = 2.5;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 64;

const STORE_ROUNDS = 5;
const STORE_CALLBACKS_PER_ROUND = 4_000;
const LEASE_MS = 300_000;
const DONE_TTL_MS = 86_400_000;

/** The store calls of one handled callback, by path: the receiver's today and the combined one. */
const storePaths = {
  'remember, claim, complete (3 calls)': async ({ store, guard }, id, now) => {
    if (!(await guard.remember(`n-${id}`, now + 600_000, now))) throw new Error('a fresh nonce was refused');
    if ((await store.claim(`mo:${id}`, LEASE_MS)) !== 'claimed') throw new Error('a fresh key was not claimed');
    await store.complete(`mo:${id}`, DONE_TTL_MS);
  },
  'claimWithNonce, complete (2 calls)': async ({ store, guard }, id, now) => {
    const answer = await store.claimWithNonce(`mo:${id}`, LEASE_MS, guard, `n-${id}`, now + 600_000, now);
    if (!answer?.fresh || answer.claim !== 'claimed') throw new Error(`a fresh nonce and key were answered ${JSON.stringify(answer)}`);
    await store.complete(`mo:${id}`, DONE_TTL_MS);
  },
};

await (isServerChild() ? runServers() : process.argv.includes('--stores') ? runStorePaths() : runBenchmark().then(runStorePaths));

async function runServers() {
  const { default: express } = await import('express');
  const { createClient } = await import('redis');
  const { createWebhookReceiver, sinchWebhook, silentLogger } = await import('@sinch-inbounds/express');
  const { redisDedupeStore, redisReplayGuard } = await import('@sinch-inbounds/redis');
  const { startRedisServer } = await import('@sinch-inbounds/testing');
  const redisServer = await startRedisServer();
  const client = createClient({ url: redisServer.url });
  client.on('error', (e) => console.error('redis client error', e));
  await client.connect();
  process.on('exit', () => void redisServer.close());
  let handled = 0;
  const app = (stores) => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger, ...stores });
    receiver.on('mo_text', () => {
      handled++;
    });
    receiver.on('error', (e) => console.error('unexpected receiver error', e));
    return express().post(PATH, sinchWebhook(receiver));
  };
  const listen = (expressApp) =>
    new Promise((resolve) => {
      const server = expressApp.listen(0, '127.0.0.1', () => resolve(server.address().port));
    });
  let roundTrips = 0;
  const COUNTED = new Set(['set', 'del', 'eval', 'evalSha']);
  const counted = new Proxy(client, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      if (!COUNTED.has(name)) return value.bind(target);
      return (...args) => {
        roundTrips++;
        return value.apply(target, args);
      };
    },
  });
  const ports = {
    memory: await listen(app({})),
    redis: await listen(app({ dedupe: redisDedupeStore(counted), replayGuard: redisReplayGuard(counted) })),
    // The round trips of the one nonce-and-claim script (claim, SET done) with the nonces
    // kept in memory: what two round trips cost, measured before the receiver makes them.
    'redis-dedupe-only': await listen(app({ dedupe: redisDedupeStore(client) })),
  };
  serveParent({ count: () => ({ handled, cpu: process.cpuUsage(), commands: roundTrips }) }, { ports });
}

async function runBenchmark() {
  const server = await forkServerChild(import.meta.url);
  const { ports } = server.ready;
  const rounds = createRoundRunner({ ports, pools: createPoolSizer(SECRET), path: PATH, connections: CONNECTIONS });
  const run = rounds.run;

  try {
    await run('memory', WARMUP_SECONDS, true);
    await run('redis', WARMUP_SECONDS, true);
    await run('redis-dedupe-only', WARMUP_SECONDS, true);
    const samples = { memory: [], redis: [], 'redis-dedupe-only': [] };
    const dedupeOnlyRatios = [];
    const pairRatios = [];
    let total2xx = 0;
    let redisCommands = 0;
    let redisCallbacks = 0;
    const roundTripsPerRound = [];
    const before = (await server.ask('count')).handled;
    for (let r = 0; r < ROUNDS; r++) {
      const round = {};
      for (const name of roundOrder(['memory', 'redis', 'redis-dedupe-only'], r)) {
        const result = await withServerCpu(server, () => run(name, ROUND_SECONDS));
        const { before: countBefore, after: countAfter } = result.server;
        if (name === 'redis') {
          redisCommands += countAfter.commands - countBefore.commands;
          redisCallbacks += countAfter.handled - countBefore.handled;
          roundTripsPerRound.push((countAfter.commands - countBefore.commands) / Math.max(1, countAfter.handled - countBefore.handled));
        }
        total2xx += result['2xx'];
        round[name] = result.requests.average;
        samples[name].push({ rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, cpuPerReq: result.cpuPerReq });
      }
      pairRatios.push(round.redis / round.memory);
      dedupeOnlyRatios.push(round['redis-dedupe-only'] / round.memory);
    }
    const after = (await server.ask('count')).handled;
    // The two warm-up runs count too: with 64 connections, their last requests are still
    // being handled when `before` is read.
    assertEvery2xxHandled({ label: 'express', handled: after - before, answered2xx: total2xx, connections: CONNECTIONS, runs: ROUNDS * 3 + 3 });

    const med = (name, key) => median(samples[name].map((s) => s[key]));
    const ratio = median(pairRatios);
    printTable(
      `Express webhook over loopback, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s per store, medians (Node ${process.version})`,
      ['stores', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'req/s vs in-memory'],
      [
        ['in-memory (MemoryDedupeStore + NonceCache)', med('memory', 'rps'), med('memory', 'p50'), med('memory', 'p99'), med('memory', 'cpuPerReq'), '100.0%'],
        ['Redis (redisDedupeStore + redisReplayGuard, node-redis)', med('redis', 'rps'), med('redis', 'p50'), med('redis', 'p99'), med('redis', 'cpuPerReq'), `${(ratio * 100).toFixed(1)}%`],
        [
          'Redis dedupe only, nonces in memory (2 round trips, not judged)',
          med('redis-dedupe-only', 'rps'),
          med('redis-dedupe-only', 'p50'),
          med('redis-dedupe-only', 'p99'),
          med('redis-dedupe-only', 'cpuPerReq'),
          `${(median(dedupeOnlyRatios) * 100).toFixed(1)}%`,
        ],
      ],
    );
    console.log(loadLine());
    judge({
      label: `Redis / in-memory, req/s at ${CONNECTIONS} connections`,
      perRound: pairRatios,
      atLeast: 0.8,
      note: `server CPU µs/req ${med('redis', 'cpuPerReq').toFixed(1)} vs ${med('memory', 'cpuPerReq').toFixed(1)}`,
    });
    // Counted on the client: every call the stores make (commands inside a script are not
    // round trips). Rounds include callbacks still in flight when a round ended, hence a
    // spread even at a fixed count per callback.
    judge({
      label: 'Redis round trips per handled callback',
      perRound: roundTripsPerRound,
      atMost: 2.0,
      unit: '',
      note: `${redisCommands} commands for ${redisCallbacks} callbacks in all: ${(redisCommands / Math.max(1, redisCallbacks)).toFixed(2)}`,
    });
    if (rounds.late() > 0) console.log(`(${rounds.late()} messages were generated during rounds: a pool ran short)`);
  } finally {
    server.close();
  }
}

async function runStorePaths() {
  const { createClient } = await import('redis');
  const { Redis } = await import('ioredis');
  const { redisDedupeStore, redisReplayGuard } = await import('@sinch-inbounds/redis');
  const { startRedisServer } = await import('@sinch-inbounds/testing');
  const redisServer = await startRedisServer();
  const nodeRedis = createClient({ url: redisServer.url });
  await nodeRedis.connect();
  const ioredis = new Redis(redisServer.url);
  const ioredisPipelined = new Redis(redisServer.url, { enableAutoPipelining: true });
  await Promise.all([ioredis, ioredisPipelined].map((c) => new Promise((resolve) => c.once('ready', resolve))));
  const clients = { 'node-redis': nodeRedis, ioredis, 'ioredis, enableAutoPipelining': ioredisPipelined };
  try {
    const variants = {};
    for (const [clientName, client] of Object.entries(clients)) {
      const stores = { store: redisDedupeStore(client), guard: redisReplayGuard(client) };
      for (const [pathName, path] of Object.entries(storePaths)) variants[`${clientName}: ${pathName}`] = (id, now) => path(stores, id, now);
    }
    let round = 0;
    /** Every callback of a round through `variant`, CONNECTIONS in flight: callbacks/s and client CPU µs per callback. */
    const runRound = async (name, count) => {
      const variant = variants[name];
      const tag = `${round++}-${Math.random().toString(36).slice(2)}`;
      let next = 0;
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (next < count) await variant(`${tag}-${next++}`, Date.now());
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpu = process.cpuUsage(cpuBefore);
      return { rps: count / seconds, cpuPerCallback: (cpu.user + cpu.system) / count };
    };
    const names = Object.keys(variants);
    for (const name of names) await runRound(name, 1_000);
    const samples = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < STORE_ROUNDS; r++) {
      for (const name of r % 2 === 0 ? names : [...names].reverse()) samples[name].push(await runRound(name, STORE_CALLBACKS_PER_ROUND));
    }
    const med = (name, key) => median(samples[name].map((s) => s[key]));
    const baseline = `node-redis: ${Object.keys(storePaths)[0]}`;
    const ratio = (name) => median(samples[name].map((s, i) => s.rps / samples[baseline][i].rps));
    printTable(
      `Store calls of a handled callback, no HTTP, ${CONNECTIONS} callbacks in flight, ${STORE_ROUNDS} interleaved rounds of ${STORE_CALLBACKS_PER_ROUND} callbacks, medians (Node ${process.version})`,
      ['client: store calls', 'callbacks/s', 'client CPU µs/callback', 'callbacks/s vs node-redis today'],
      names.map((name) => [name, med(name, 'rps'), med(name, 'cpuPerCallback'), `${(ratio(name) * 100).toFixed(1)}%`]),
    );
    console.log(loadLine());
  } finally {
    await nodeRedis.quit();
    ioredis.disconnect();
    ioredisPipelined.disconnect();
    await redisServer.close();
  }
}
