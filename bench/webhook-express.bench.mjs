// Webhook throughput over loopback HTTP, same run: an Express app with sinchWebhook
// (signature check + replay guard + parse + dedupe + a no-op handler) against a bare
// Express route with express.json() and no checks. Target: ≥ 90% of bare req/s (MET /
// NOT MET with the spread over rounds; non-zero exit when not met). The like-for-like
// comparison with a hand-written route is webhook-hotpath.bench.mjs.
//
// The apps run in a server child (harness/server-child.mjs) and autocannon in this
// process. Every request is a distinct signed message from a pool signed before each
// round (harness/signed-callbacks.mjs), so dedupe and replay protection do real work and
// the load generator's signing cannot throttle a round. Short rounds alternate
// bare/sinch; the ratio is the median of the per-pair ratios, so a noisy neighbour
// slowing one stretch of the run moves both sides of a pair alike. The server's CPU time
// per request is reported too: on a shared machine it is steadier than req/s.
import { assertEvery2xxHandled, createRoundRunner, roundOrder, withServerCpu } from './harness/load.mjs';
import { forkServerChild, isServerChild, serveParent } from './harness/server-child.mjs';
import { createPoolSizer } from './harness/signed-callbacks.mjs';
import { printTable } from './harness/table.mjs';
import { judge, loadLine } from './harness/targets.mjs';
import { median } from './harness/throughput.mjs';

const SECRET = 'KayakingTheSwell';
const PATH = '/sinch/inbound';
const ROUNDS = 8;
const ROUND_SECONDS = 2.5;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 10;

// The same file is the server child (forked by runBenchmark) and the load generator.
await (isServerChild() ? runServers() : runBenchmark());

async function runServers() {
  const { default: express } = await import('express');
  const { createWebhookReceiver, sinchWebhook, silentLogger } = await import('@sinch-inbounds/express');
  let handled = 0;
  const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
  receiver.on('mo_text', () => {
    handled++;
  });
  receiver.on('error', (e) => {
    console.error('unexpected receiver error', e);
  });
  const sinchApp = express();
  sinchApp.post(PATH, sinchWebhook(receiver));
  const bareApp = express();
  bareApp.post(PATH, express.json(), (req, res) => {
    if (req.body && typeof req.body.type === 'string') handled++;
    res.status(200).json({ status: 'accepted' });
  });
  const listen = (app) =>
    new Promise((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server.address().port));
    });
  const ports = { sinch: await listen(sinchApp), bare: await listen(bareApp) };
  serveParent({ count: () => ({ handled, cpu: process.cpuUsage() }) }, { ports });
}

async function runBenchmark() {
  const server = await forkServerChild(import.meta.url);
  const { ports } = server.ready;
  const rounds = createRoundRunner({ ports, pools: createPoolSizer(SECRET), path: PATH, connections: CONNECTIONS });
  const run = rounds.run;

  try {
    await run('bare', WARMUP_SECONDS, true);
    await run('sinch', WARMUP_SECONDS, true);
    const samples = { bare: [], sinch: [] };
    const pairRatios = [];
    let total2xx = 0;
    const before = (await server.ask('count')).handled;
    for (let r = 0; r < ROUNDS; r++) {
      const round = {};
      for (const name of roundOrder(['bare', 'sinch'], r)) {
        const result = await withServerCpu(server, () => run(name, ROUND_SECONDS));
        total2xx += result['2xx'];
        round[name] = result.requests.average;
        samples[name].push({
          rps: result.requests.average,
          p99: result.latency.p99,
          p50: result.latency.p50,
          cpuPerReq: result.cpuPerReq,
        });
      }
      pairRatios.push(round.sinch / round.bare);
    }
    const after = (await server.ask('count')).handled;
    assertEvery2xxHandled({ label: 'express', handled: after - before, answered2xx: total2xx, connections: CONNECTIONS, runs: ROUNDS * 2 });

    const med = (name, key) => median(samples[name].map((s) => s[key]));
    const ratio = median(pairRatios);
    const cpuRatio = med('bare', 'cpuPerReq') / med('sinch', 'cpuPerReq');
    printTable(
      `Express webhook over loopback, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s per route, medians (Node ${process.version})`,
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'req/s vs bare'],
      [
        ['bare express.json(), no checks', med('bare', 'rps'), med('bare', 'p50'), med('bare', 'p99'), med('bare', 'cpuPerReq'), '100.0%'],
        [
          'sinchWebhook: verify + replay + parse + dedupe + no-op handler',
          med('sinch', 'rps'),
          med('sinch', 'p50'),
          med('sinch', 'p99'),
          med('sinch', 'cpuPerReq'),
          `${(ratio * 100).toFixed(1)}%`,
        ],
      ],
    );
    judge({
      label: 'sinchWebhook / bare express.json() route, req/s',
      perRound: pairRatios,
      atLeast: 0.9,
      note: `server CPU µs/req ${med('sinch', 'cpuPerReq').toFixed(1)} vs ${med('bare', 'cpuPerReq').toFixed(1)}, by CPU/req ${cpuRatio.toFixed(2)}×; ${loadLine()}`,
    });
    if (rounds.late() > 0) console.log(`(${rounds.late()} messages were generated during rounds: a pool ran short)`);
  } finally {
    server.close();
  }
}
