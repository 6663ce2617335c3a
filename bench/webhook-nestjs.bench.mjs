// Webhook throughput of @sinch-inbounds/nestjs over loopback HTTP, on Nest's Express AND
// Fastify platforms. Each platform runs one Nest app (created with `rawBody: true`) with
// three routes, measured in the same run:
//   bare  — a bare Nest route with no checks (`@Post() @HttpCode(200)` returning the JSON);
//   core  — a hand-written Nest controller that hands `req.rawBody` to core's
//           `receiver.handle()` and writes its answer: core's cost with no adapter at all;
//   sinch — SinchInboundsModule's controller (signature check + replay guard + parse +
//           dedupe + an @OnSinchCallback no-op handler).
// Target: sinch ≥ 90% of bare req/s (MET / NOT MET with the spread over rounds; non-zero
// exit when not met). sinch vs core isolates what the adapter itself costs. The
// like-for-like comparison with a hand-written route is webhook-hotpath.bench.mjs.
//
// The apps run in a server child (harness/server-child.mjs) and autocannon in this
// process. Every request is a distinct signed message from a pool signed before each
// round (harness/signed-callbacks.mjs), so dedupe and replay protection do real work and
// the load generator's signing cannot throttle a round. Rounds rotate the route order;
// each ratio is taken within a round (routes measured seconds apart, so a noisy
// neighbour on the shared machine hits them alike) and the median round ratio counts.
//
// Each round gets freshly created apps, so every round starts with empty dedupe and
// nonce stores and all rounds measure the same thing. (Core's in-memory stores slow down
// once they pass their 100,000-entry bound — a separate core matter, measured apart.)
import { assertEvery2xxHandled, loadRound, roundOrder, withServerCpu } from './harness/load.mjs';
import { forkServerChild, isServerChild, serveParent } from './harness/server-child.mjs';
import { createPoolSizer } from './harness/signed-callbacks.mjs';
import { printTable } from './harness/table.mjs';
import { judge, loadLine } from './harness/targets.mjs';
import { median } from './harness/throughput.mjs';

const SECRET = 'KayakingTheSwell';
// `node webhook-nestjs.bench.mjs fastify` measures one platform only (while tuning).
const PLATFORMS = ['express', 'fastify'].filter((p) => process.argv.length <= 2 || process.argv[2] === 'server' || process.argv.includes(p));
const ROUTES = { bare: '/bare', core: '/core', sinch: '/sinch/callbacks' };
const ROUNDS = 5;
const ROUND_SECONDS = 2;
const WARMUP_SECONDS = 1.5;
const CONNECTIONS = 10;

// The same file is the server child (forked by runBenchmark) and the load generator.
await (isServerChild() ? runServers() : runBenchmark());

async function runServers() {
  const { All, Body, Controller, HttpCode, Injectable, Module, Post, Req, Res } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { ExpressAdapter } = await import('@nestjs/platform-express');
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const { createWebhookReceiver, OnSinchCallback, SinchInboundsModule, silentLogger } = await import('@sinch-inbounds/nestjs');
  // Plain .mjs has no decorator syntax: decorators are applied as TypeScript's output does.
  const decorateMethod = (cls, name, decorators) =>
    Reflect.decorate(decorators, cls.prototype, name, Object.getOwnPropertyDescriptor(cls.prototype, name));

  let handled = 0;
  class Handler {
    onText() {
      handled++;
    }
  }
  decorateMethod(Handler, 'onText', [OnSinchCallback('mo_text')]);
  Injectable()(Handler);

  class BareController {
    receive(body) {
      if (body && typeof body.type === 'string') handled++;
      return { status: 'accepted' };
    }
  }
  Body()(BareController.prototype, 'receive', 0);
  decorateMethod(BareController, 'receive', [Post(), HttpCode(200)]);
  Controller(ROUTES.bare.slice(1))(BareController);

  // Core's receiver straight in a controller, written the shortest way per platform. A
  // new receiver (and class) per app, so its stores start empty like the module's.
  const coreController = () => {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    receiver.on('mo_text', () => {
      handled++;
    });
    class CoreController {
      async receive(req, res) {
        const answer = await receiver.handle({ method: req.method, headers: req.headers, body: req.rawBody });
        if (typeof res.code === 'function') res.code(answer.status).headers(answer.headers).send(answer.body);
        else res.writeHead(answer.status, answer.headers).end(answer.body);
      }
    }
    Req()(CoreController.prototype, 'receive', 0);
    Res()(CoreController.prototype, 'receive', 1);
    decorateMethod(CoreController, 'receive', [All()]);
    Controller(ROUTES.core.slice(1))(CoreController);
    return CoreController;
  };

  // A fresh app per platform for every round (see the note at the top): returns the ports.
  const apps = [];
  const startApps = async () => {
    for (const app of apps.splice(0)) await app.close();
    const ports = {};
    for (const platform of PLATFORMS) {
      class AppModule {}
      Module({
        imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: silentLogger })],
        controllers: [BareController, coreController()],
        providers: [Handler],
      })(AppModule);
      const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
      const app = await NestFactory.create(AppModule, adapter, { rawBody: true, logger: ['error'] });
      await app.listen(0, '127.0.0.1');
      apps.push(app);
      ports[platform] = Number(new URL(await app.getUrl()).port);
    }
    return ports;
  };
  serveParent({ count: () => ({ handled, cpu: process.cpuUsage() }), restart: async () => ({ ports: await startApps() }) }, { ports: await startApps() });
}

async function runBenchmark() {
  const server = await forkServerChild(import.meta.url);
  let { ports } = server.ready;
  // Each round's pool is sized from the highest req/s seen per platform and route; the
  // warm-up rounds start from a guess and calibrate it.
  const pools = createPoolSizer(SECRET);
  let generatedLate = 0;

  const run = async (platform, route, seconds, warmup = false) => {
    const key = `${platform} ${route}`;
    const pool = pools.poolFor(key, seconds);
    const result = await loadRound({
      label: key,
      url: `http://127.0.0.1:${ports[platform]}`,
      path: ROUTES[route],
      seconds,
      connections: CONNECTIONS,
      pool,
    });
    pools.observe(key, result.requests.max);
    if (!warmup) generatedLate += pool.late;
    return result;
  };

  const names = Object.keys(ROUTES);
  const rows = [];
  const ratios = {};
  try {
    for (const platform of PLATFORMS) {
      for (const route of names) await run(platform, route, WARMUP_SECONDS, true);
      const samples = Object.fromEntries(names.map((n) => [n, []]));
      let total2xx = 0;
      const before = (await server.ask('count')).handled;
      for (let r = 0; r < ROUNDS; r++) {
        ({ ports } = await server.ask('restart'));
        // Rotate the order, so no route always runs first (or right after a restart).
        const round = {};
        for (const route of roundOrder(names, r)) {
          const result = await withServerCpu(server, () => run(platform, route, ROUND_SECONDS));
          total2xx += result['2xx'];
          round[route] = result.requests.average;
          samples[route].push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu: result.cpuPerReq });
        }
        for (const route of names) samples[route].at(-1).ratio = round[route] / round.bare;
        samples.adapter = [...(samples.adapter ?? []), round.sinch / round.core];
      }
      const after = (await server.ask('count')).handled;
      assertEvery2xxHandled({
        label: platform,
        handled: after - before,
        answered2xx: total2xx,
        connections: CONNECTIONS,
        runs: ROUNDS * names.length,
      });
      const med = (route, key) => median(samples[route].map((s) => s[key]));
      const bare = med('bare', 'rps');
      const row = (label, route) => {
        const rps = med(route, 'rps');
        // What one request costs on top of the bare route, at these rates.
        const added = route === 'bare' ? '—' : (1e6 / rps - 1e6 / bare).toFixed(1);
        return [label, rps, med(route, 'p50'), med(route, 'p99'), `${(med(route, 'ratio') * 100).toFixed(1)}%`, added];
      };
      ratios[platform] = { sinch: samples.sinch.map((x) => x.ratio), adapter: median(samples.adapter), cpu: { sinch: med('sinch', 'cpu'), bare: med('bare', 'cpu') } };
      rows.push(
        row(`Nest ${platform}: bare @Post route, no checks`, 'bare'),
        row(`Nest ${platform}: core receiver.handle() in a hand-written controller`, 'core'),
        row(`Nest ${platform}: SinchInboundsModule (verify + replay + parse + dedupe + @OnSinchCallback no-op)`, 'sinch'),
      );
    }
    printTable(
      `NestJS webhook over loopback, ${CONNECTIONS} connections, medians of ${ROUNDS} rounds of ${ROUND_SECONDS} s per route (Node ${process.version})`,
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'vs bare (median of round ratios)', 'µs/req added'],
      rows,
    );
    console.log(loadLine());
    for (const platform of PLATFORMS) {
      const { sinch, adapter, cpu } = ratios[platform];
      judge({
        label: `SinchInboundsModule / bare Nest route on ${platform}, req/s`,
        perRound: sinch,
        atLeast: 0.9,
        note: `server CPU µs/req ${cpu.sinch.toFixed(1)} vs ${cpu.bare.toFixed(1)}; module / core in a hand-written controller = ${adapter.toFixed(2)}×`,
      });
    }
    if (generatedLate > 0) console.log(`(${generatedLate} messages were generated during rounds: a pool ran short)`);
  } finally {
    server.close();
  }
}
