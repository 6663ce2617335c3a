// The Fastify plugin over loopback HTTP (issue 23), four routes on one Fastify 5 app,
// same run:
//   bare   — Fastify's own JSON route, no checks;
//   hand   — a hand-written minimum route: the library's checks, no more and no less
//            (harness/hand-written.mjs), reading the stream itself in a scope without
//            body parsers and answering through `reply`, as the plugin does;
//   sinch  — @sinch-inbounds/fastify as published: answers through Fastify's reply;
//   hijack — the same receiver answering on the Node response (reply.hijack() +
//            receiver.node), the alternative the plugin did not take: measured to show
//            what going through Fastify's reply costs.
// Target: sinch ≥ 0.9× hand (MET / NOT MET with the spread over rounds and the server CPU
// per request; non-zero exit when not met); sinch vs bare and vs hijack are printed too.
//
// Same harness and method as webhook-hotpath.bench.mjs: the server runs in a forked
// child, every request is a distinct signed message, rounds rotate the route order and
// each ratio is taken within a round; the median round ratio counts.
import { assertEvery2xxHandled, createRoundRunner, roundOrder, withServerCpu } from './harness/load.mjs';
import { forkServerChild, isServerChild, serveParent } from './harness/server-child.mjs';
import { createPoolSizer } from './harness/signed-callbacks.mjs';
import { printTable } from './harness/table.mjs';
import { judge, loadLine } from './harness/targets.mjs';
import { median } from './harness/throughput.mjs';

const SECRET = 'KayakingTheSwell';
const ROUTES = ['bare', 'hand', 'sinch', 'hijack'];
const PATHS = { bare: '/bare', hand: '/hand', sinch: '/sinch/callbacks', hijack: '/hijack' };
const ROUNDS = Number(process.env.FASTIFY_BENCH_ROUNDS ?? 6);
const ROUND_SECONDS = 1.5;
const WARMUP_SECONDS = 1;
const CONNECTIONS = 10;

await (isServerChild() ? runServers() : runBenchmark());

async function runServers() {
  const { default: fastify } = await import('fastify');
  const { createWebhookReceiver, silentLogger, sinchWebhook } = await import('@sinch-inbounds/fastify');
  const { createHandWrittenReceiver, readStreamBody } = await import('./harness/hand-written.mjs');
  let handled = 0;
  const count = async () => {
    handled++;
  };
  const receiver = () => {
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    r.on('mo_text', count);
    return r;
  };
  const app = fastify({ logger: false });
  app.post(PATHS.bare, async (request) => {
    if (typeof request.body.type === 'string') handled++;
    return { status: 'accepted' };
  });
  const hand = createHandWrittenReceiver(SECRET, count);
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.post(PATHS.hand, async (request, reply) => {
      const answer = hand.precheck(request.method, request.headers) ?? (await hand.accept(request.headers, await readStreamBody(request.raw)));
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    });
  });
  await app.register(sinchWebhook, { receiver: receiver() });
  const hijacking = receiver();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.post(PATHS.hijack, (request, reply) => {
      reply.hijack();
      return hijacking.node(request.raw, reply.raw);
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = app.server.address().port;
  serveParent({ count: () => ({ handled, cpu: process.cpuUsage() }) }, { ports: Object.fromEntries(ROUTES.map((r) => [r, port])) });
}

async function runBenchmark() {
  const server = await forkServerChild(import.meta.url);
  const { ports } = server.ready;
  const pools = createPoolSizer(SECRET);
  const runners = Object.fromEntries(
    ROUTES.map((route) => [route, createRoundRunner({ ports: { [route]: ports[route] }, pools, path: PATHS[route], connections: CONNECTIONS })]),
  );
  const run = (route, seconds, warmup) => runners[route].run(route, seconds, warmup);
  try {
    // Twice: the first pass sizes the message pools, so no timed round signs on the fly.
    for (let pass = 0; pass < 2; pass++) for (const route of ROUTES) await run(route, WARMUP_SECONDS, true);
    const samples = Object.fromEntries(ROUTES.map((r) => [r, []]));
    const ratios = { vsHand: [], cpuVsHand: [], vsBare: [], vsHijack: [] };
    let total2xx = 0;
    const before = (await server.ask('count')).handled;
    for (let r = 0; r < ROUNDS; r++) {
      const round = {};
      for (const route of roundOrder(ROUTES, r)) {
        const result = await withServerCpu(server, () => run(route, ROUND_SECONDS, false));
        total2xx += result['2xx'];
        round[route] = result;
        samples[route].push(result);
      }
      ratios.vsHand.push(round.sinch.requests.average / round.hand.requests.average);
      ratios.cpuVsHand.push(round.hand.cpuPerReq / round.sinch.cpuPerReq);
      ratios.vsBare.push(round.sinch.requests.average / round.bare.requests.average);
      ratios.vsHijack.push(round.sinch.requests.average / round.hijack.requests.average);
    }
    const after = (await server.ask('count')).handled;
    assertEvery2xxHandled({ label: 'fastify', handled: after - before, answered2xx: total2xx, connections: CONNECTIONS, runs: ROUNDS * ROUTES.length });
    const med = (route, pick) => median(samples[route].map(pick));
    const row = (route, label) => [label, med(route, (s) => s.requests.average), med(route, (s) => s.latency.p99), med(route, (s) => s.cpuPerReq)];
    printTable(
      `Fastify webhook over loopback HTTP, ${CONNECTIONS} connections, medians of ${ROUNDS} rotated rounds of ${ROUND_SECONDS} s per route (Node ${process.version})`,
      ['route', 'req/s', 'p99 ms', 'server CPU µs/req'],
      [
        row('bare', 'bare Fastify JSON route, no checks'),
        row('hand', 'hand-written minimum route (reads the stream)'),
        row('sinch', '@sinch-inbounds/fastify (answers through reply)'),
        row('hijack', 'same receiver, reply.hijack() + receiver.node()'),
      ],
    );
    console.log(loadLine());
    judge({
      label: 'fastify: plugin / hand-written minimum route, req/s',
      perRound: ratios.vsHand,
      atLeast: 0.9,
      note: `server CPU µs/req ${med('sinch', (s) => s.cpuPerReq).toFixed(1)} vs ${med('hand', (s) => s.cpuPerReq).toFixed(1)}, by CPU/req ${median(ratios.cpuVsHand).toFixed(2)}×`,
    });
    console.log(`fastify: plugin / bare JSON route = ${median(ratios.vsBare).toFixed(2)}×; plugin (reply) / hijack = ${median(ratios.vsHijack).toFixed(2)}×`);
    const late = Object.values(runners).reduce((n, r) => n + r.late(), 0);
    if (late > 0) console.log(`(${late} messages were generated during rounds: a pool ran short)`);
  } finally {
    server.close();
  }
}
