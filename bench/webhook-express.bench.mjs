// Webhook throughput over loopback HTTP, same run: an Express app with sinchWebhook
// (signature check + replay guard + parse + dedupe + a no-op handler) against a bare
// Express route with express.json() and no checks. Target: ≥ 90% of bare req/s.
//
// The apps run in a child process and autocannon in this one, so the load generator
// does not steal the server's core (the machine has 2). Every request is a distinct
// message with its own id, nonce and signature, so dedupe and replay protection do real
// work instead of short-circuiting. Short rounds alternate bare/sinch; the ratio is the
// median of the per-pair ratios, so a noisy neighbour slowing one stretch of the run
// moves both sides of a pair alike. The server's CPU time per request is reported too:
// on a shared machine it is steadier than req/s.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { printTable } from './harness/table.mjs';

const SECRET = 'KayakingTheSwell';
const ROUNDS = 8;
const ROUND_SECONDS = 2.5;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 10;

if (process.argv[2] === 'server') {
  await runServers();
} else {
  await runBenchmark();
}

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
  sinchApp.post('/sinch/inbound', sinchWebhook(receiver));
  const bareApp = express();
  bareApp.post('/sinch/inbound', express.json(), (req, res) => {
    if (req.body && typeof req.body.type === 'string') handled++;
    res.status(200).json({ status: 'accepted' });
  });
  const listen = (app) =>
    new Promise((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server.address().port));
    });
  const ports = { sinch: await listen(sinchApp), bare: await listen(bareApp) };
  process.on('message', (msg) => {
    if (msg === 'count') process.send({ handled, cpu: process.cpuUsage() });
    if (msg === 'exit') process.exit(0);
  });
  process.send({ ports });
}

async function runBenchmark() {
  const { default: autocannon } = await import('autocannon');
  const { signWebhook, ulid } = await import('@sinch-inbounds/core');
  const child = fork(fileURLToPath(import.meta.url), ['server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ ports }] = await once(child, 'message');
  const ask = async (msg) => {
    child.send(msg);
    const [reply] = await once(child, 'message');
    return reply;
  };

  // A realistic mo_text (SPEC §5), unique per request: own id, nonce and signature.
  const makeRequest = (req) => {
    const body = JSON.stringify({
      id: ulid(),
      type: 'mo_text',
      from: '12015555555',
      to: '12017777777',
      body: 'Hello John! 👋',
      operator_id: '311071',
      received_at: new Date().toISOString(),
    });
    const headers = { 'content-type': 'application/json', ...signWebhook({ secret: SECRET, body }) };
    return { ...req, method: 'POST', path: '/sinch/inbound', headers, body };
  };

  const run = async (name, seconds) => {
    const result = await autocannon({
      url: `http://127.0.0.1:${ports[name]}`,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [{ setupRequest: makeRequest }],
    });
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
      throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    }
    return result;
  };

  try {
    await run('bare', WARMUP_SECONDS);
    await run('sinch', WARMUP_SECONDS);
    const samples = { bare: [], sinch: [] };
    const pairRatios = [];
    let total2xx = 0;
    const before = (await ask('count')).handled;
    for (let r = 0; r < ROUNDS; r++) {
      const round = {};
      for (const name of r % 2 === 0 ? ['bare', 'sinch'] : ['sinch', 'bare']) {
        const cpuBefore = (await ask('count')).cpu;
        const result = await run(name, ROUND_SECONDS);
        const cpuAfter = (await ask('count')).cpu;
        const cpuMicros = cpuAfter.user - cpuBefore.user + (cpuAfter.system - cpuBefore.system);
        total2xx += result['2xx'];
        round[name] = result.requests.average;
        samples[name].push({
          rps: result.requests.average,
          p99: result.latency.p99,
          p50: result.latency.p50,
          cpuPerReq: cpuMicros / Math.max(1, result['2xx']),
        });
      }
      pairRatios.push(round.sinch / round.bare);
    }
    const after = (await ask('count')).handled;
    // Every 2xx must be a message that really reached a handler (no duplicate or replay
    // short-cut). Requests still in flight when a round stops are handled but not counted
    // by autocannon: at most one per connection per round.
    const extra = after - before - total2xx;
    if (extra < 0 || extra > CONNECTIONS * ROUNDS * 2) {
      throw new Error(`handled ${after - before} messages but got ${total2xx} 2xx answers`);
    }

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
    console.log(`per-round ratios: ${pairRatios.map((x) => `${(x * 100).toFixed(0)}%`).join(' ')}`);
    console.log(`sinchWebhook / bare express.json() throughput = ${(ratio * 100).toFixed(1)}% (target ≥ 90%): ${ratio >= 0.9 ? 'MET' : 'NOT MET'}`);
    console.log(`by server CPU per request (bare / sinch) = ${(cpuRatio * 100).toFixed(1)}%`);
  } finally {
    child.send('exit');
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
