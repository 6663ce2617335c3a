// The webhook hot path over loopback HTTP (issues 14 and 22): for plain node:http,
// Express, Nest on Express and Nest on Fastify, three routes on the same framework, same run:
//   bare  — the framework's JSON route, no checks;
//   hand  — a hand-written minimum route (harness/hand-written.mjs): the library's checks,
//           no more and no less, reading the body as the library does on that framework
//           (the stream on node:http and Express; Nest's `rawBody`, which the library's
//           module reads too) and answering as it does (writeHead with a content-length on
//           a Node response, no ETag; the Nest adapter's reply on Fastify);
//   sinch — the library (createNodeHandler, sinchWebhook, SinchInboundsModule).
// Target: sinch ≥ 0.9× hand on every framework (MET / NOT MET per row, non-zero exit when
// one is not); sinch vs bare and the server's CPU per request are printed too.
//
// Servers run in a forked child (harness/server-child.mjs), autocannon here. Every request
// is a distinct signed message from a pool signed before the round. Rounds rotate the
// route order and each ratio is taken within a round; the median round ratio counts.
// `node webhook-hotpath.bench.mjs express` measures the frameworks whose name contains it.
import { assertEvery2xxHandled, createRoundRunner, roundOrder, withServerCpu } from './harness/load.mjs';
import { forkServerChild, isServerChild, serveParent } from './harness/server-child.mjs';
import { createPoolSizer } from './harness/signed-callbacks.mjs';
import { printTable } from './harness/table.mjs';
import { judge, loadLine } from './harness/targets.mjs';
import { median } from './harness/throughput.mjs';

const SECRET = 'KayakingTheSwell';
const ALL = ['node-http', 'express', 'nest-express', 'nest-fastify'];
const only = process.argv.slice(2).filter((a) => a !== 'server');
const FRAMEWORKS = only.length === 0 ? ALL : ALL.filter((f) => only.some((o) => f.includes(o)));
const ROUTES = ['bare', 'hand', 'sinch'];
const PATHS = { bare: '/bare', hand: '/hand', sinch: '/sinch/callbacks' };
const ROUNDS = Number(process.env.HOTPATH_ROUNDS ?? 5);
const ROUND_SECONDS = 1.5;
const WARMUP_SECONDS = 1;
const CONNECTIONS = 10;

await (isServerChild() ? runServers() : runBenchmark());

async function runServers() {
  const http = await import('node:http');
  const { default: express } = await import('express');
  const { ACCEPTED, createHandWrittenReceiver, readStreamBody, replyAnswer, writeAnswer } = await import('./harness/hand-written.mjs');
  const core = await import('@sinch-inbounds/core');
  const { sinchWebhook } = await import('@sinch-inbounds/express');
  const nest = await import('@sinch-inbounds/nestjs');
  const { Body, Controller, HttpCode, Injectable, Module, Post, Req, Res } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { ExpressAdapter } = await import('@nestjs/platform-express');
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');

  let handled = 0;
  const count = async () => {
    handled++;
  };
  const receiver = () => {
    const r = core.createWebhookReceiver({ secret: SECRET, logger: core.silentLogger });
    r.on('mo_text', count);
    return r;
  };
  const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  const ports = {};

  // node:http — one server per route (no router). Bodies read from the stream and
  // answers written with a content-length, as the library does.
  const nodeHand = createHandWrittenReceiver(SECRET, count);
  ports['node-http'] = {
    bare: await listen(
      http.createServer(async (req, res) => {
        const json = JSON.parse((await readStreamBody(req)).toString('utf8'));
        if (typeof json.type === 'string') handled++;
        writeAnswer(res, ACCEPTED);
      }),
    ),
    hand: await listen(http.createServer((req, res) => void nodeHand.node(req, res))),
    sinch: await listen(http.createServer(core.createNodeHandler(receiver()))),
  };

  // Express — the bare route uses Express's own express.json() and res.json(); the hand
  // route reads the stream and writes its answer raw, as sinchWebhook does.
  const expressHand = createHandWrittenReceiver(SECRET, count);
  const app = express();
  app.post(PATHS.bare, express.json(), (req, res) => {
    if (typeof req.body.type === 'string') handled++;
    res.status(200).json({ status: 'accepted' });
  });
  app.post(PATHS.hand, (req, res) => void expressHand.node(req, res));
  app.post(PATHS.sinch, sinchWebhook(receiver()));
  const expressPort = await listen(http.createServer(app));
  ports.express = { bare: expressPort, hand: expressPort, sinch: expressPort };

  // Nest — rawBody: true gives req.rawBody on both platforms; the module serves /sinch/callbacks.
  const decorateMethod = (cls, name, decorators) =>
    Reflect.decorate(decorators, cls.prototype, name, Object.getOwnPropertyDescriptor(cls.prototype, name));
  class Handler {
    async onText() {
      handled++;
    }
  }
  decorateMethod(Handler, 'onText', [nest.OnSinchCallback('mo_text')]);
  Injectable()(Handler);
  class BareController {
    receive(body) {
      if (typeof body.type === 'string') handled++;
      return { status: 'accepted' };
    }
  }
  Body()(BareController.prototype, 'receive', 0);
  decorateMethod(BareController, 'receive', [Post(), HttpCode(200)]);
  Controller(PATHS.bare.slice(1))(BareController);
  for (const platform of ['express', 'fastify']) {
    const hand = createHandWrittenReceiver(SECRET, count);
    let adapter;
    // As SinchInboundsModule's controller: Nest's raw body, the Node response written
    // directly on Express, the adapter's reply on Fastify.
    class HandController {
      async receive(req, res) {
        const answer = hand.precheck(req.method, req.headers) ?? (await hand.accept(req.headers, req.rawBody));
        if (res instanceof http.ServerResponse) writeAnswer(res, answer);
        else replyAnswer(adapter, res, answer);
      }
    }
    Req()(HandController.prototype, 'receive', 0);
    Res()(HandController.prototype, 'receive', 1);
    decorateMethod(HandController, 'receive', [Post()]);
    Controller(PATHS.hand.slice(1))(HandController);
    class AppModule {}
    Module({
      imports: [nest.SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: core.silentLogger })],
      controllers: [BareController, HandController],
      providers: [Handler],
    })(AppModule);
    const nestApp = await NestFactory.create(AppModule, platform === 'express' ? new ExpressAdapter() : new FastifyAdapter(), {
      rawBody: true,
      logger: ['error'],
    });
    adapter = nestApp.getHttpAdapter();
    await nestApp.listen(0, '127.0.0.1');
    const port = Number(new URL(await nestApp.getUrl()).port);
    ports[`nest-${platform}`] = { bare: port, hand: port, sinch: port };
  }
  serveParent({ count: () => ({ handled, cpu: process.cpuUsage() }) }, { ports });
}

async function runBenchmark() {
  const server = await forkServerChild(import.meta.url);
  const { ports } = server.ready;
  const pools = createPoolSizer(SECRET);
  const rows = [];
  const verdicts = [];
  let late = 0;
  try {
    for (const framework of FRAMEWORKS) {
      const runners = Object.fromEntries(
        ROUTES.map((route) => [
          route,
          createRoundRunner({ ports: { [`${framework} ${route}`]: ports[framework][route] }, pools, path: PATHS[route], connections: CONNECTIONS }),
        ]),
      );
      const run = (route, seconds, warmup) => runners[route].run(`${framework} ${route}`, seconds, warmup);
      // Twice: the first pass sizes the message pools (harness/signed-callbacks.mjs), so
      // that no timed round runs short and signs on the fly.
      for (let pass = 0; pass < 2; pass++) for (const route of ROUTES) await run(route, WARMUP_SECONDS, true);
      const samples = Object.fromEntries(ROUTES.map((r) => [r, []]));
      const vsHand = [];
      const cpuVsHand = [];
      const vsBare = { hand: [], sinch: [] };
      let total2xx = 0;
      const before = (await server.ask('count')).handled;
      for (let r = 0; r < ROUNDS; r++) {
        const round = {};
        for (const route of roundOrder(ROUTES, r)) {
          const result = await withServerCpu(server, () => run(route, ROUND_SECONDS, false));
          total2xx += result['2xx'];
          round[route] = result.requests.average;
          samples[route].push(result);
        }
        vsHand.push(round.sinch / round.hand);
        cpuVsHand.push(samples.hand.at(-1).cpuPerReq / samples.sinch.at(-1).cpuPerReq);
        vsBare.hand.push(round.hand / round.bare);
        vsBare.sinch.push(round.sinch / round.bare);
      }
      const after = (await server.ask('count')).handled;
      assertEvery2xxHandled({ label: framework, handled: after - before, answered2xx: total2xx, connections: CONNECTIONS, runs: ROUNDS * 3 });
      late += Object.values(runners).reduce((n, r) => n + r.late(), 0);
      const rps = (route) => median(samples[route].map((s) => s.requests.average));
      const p99 = (route) => median(samples[route].map((s) => s.latency.p99));
      const cpu = (route) => median(samples[route].map((s) => s.cpuPerReq));
      const ratio = median(vsHand);
      rows.push(
        [`${framework}: bare JSON route, no checks`, rps('bare'), p99('bare'), cpu('bare'), '—', '—', '100.0%'],
        [`${framework}: hand-written minimum route`, rps('hand'), p99('hand'), cpu('hand'), '1.00×', '1.00×', `${(median(vsBare.hand) * 100).toFixed(1)}%`],
        [`${framework}: library`, rps('sinch'), p99('sinch'), cpu('sinch'), `${ratio.toFixed(2)}×`, `${median(cpuVsHand).toFixed(2)}×`, `${(median(vsBare.sinch) * 100).toFixed(1)}%`],
      );
      verdicts.push({
        label: `${framework}: library / hand-written minimum route, req/s`,
        perRound: vsHand,
        atLeast: 0.9,
        note: `server CPU µs/req ${cpu('sinch').toFixed(1)} vs ${cpu('hand').toFixed(1)}, by CPU/req ${median(cpuVsHand).toFixed(2)}×`,
      });
    }
    printTable(
      `Webhook over loopback HTTP, ${CONNECTIONS} connections, medians of ${ROUNDS} rotated rounds of ${ROUND_SECONDS} s per route (Node ${process.version})`,
      ['route', 'req/s', 'p99 ms', 'server CPU µs/req', 'req/s vs hand-written', 'by CPU/req vs hand-written', 'req/s vs bare'],
      rows,
    );
    console.log(loadLine());
    for (const v of verdicts) judge(v);
    if (late > 0) console.log(`(${late} messages were generated during rounds: a pool ran short)`);
  } finally {
    server.close();
  }
}
