// The Sinch simulator as a benchmark backend: how fast it seeds 100k inbounds (vs building
// the same 100k wire objects by hand), and how fast it serves list/get pages from a 100k
// store over loopback HTTP, next to a bare node:http server answering a pre-serialised page
// (the ceiling any server can reach here). Servers run in a child process, autocannon here,
// so the load generator does not steal the server's CPU; variants alternate per round.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { printTable } from './harness/table.mjs';
import { median } from './harness/throughput.mjs';

const N = 100_000;
const CONNECTIONS = 8;
const ROUNDS = 3;
const ROUND_SECONDS = 2;

if (process.argv[2] === '--servers') await serve();
else await main();

async function serve() {
  const { createServer } = await import('node:http');
  const { startSinchSimulator } = await import('@sinch-inbounds/testing');
  const sim = await startSinchSimulator({ seed: 1 });
  sim.seed(N);
  const page = sim.inbounds().slice(0, 100);
  const pageJson = JSON.stringify({ count: N, page: 0, page_size: 100, inbounds: page });
  const oneJson = JSON.stringify(page[0]);
  const bare = createServer((req, res) => {
    const body = req.url.includes('/inbounds?') ? pageJson : oneJson;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
  process.on('message', async (msg) => {
    if (msg.type === 'close') {
      await sim.close();
      bare.close();
      process.exit(0);
    }
  });
  process.send({
    type: 'ready',
    sim: { url: sim.url, servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, id: sim.inbounds()[N / 2].id },
    bareUrl: `http://127.0.0.1:${bare.address().port}`,
  });
}

async function main() {
  const gc = exposeGc();
  await seedRows(gc);
  await httpRows();
}

async function seedRows(gc) {
  const { startSinchSimulator } = await import('@sinch-inbounds/testing');
  const { ulid } = await import('@sinch-inbounds/core');
  const samples = { seed: [], plain: [], seedHeap: [], plainHeap: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const sim = await startSinchSimulator({ seed: r });
    gc();
    let heap = process.memoryUsage().heapUsed;
    let t = performance.now();
    sim.seed(N);
    samples.seed.push(performance.now() - t);
    gc();
    samples.seedHeap.push((process.memoryUsage().heapUsed - heap) / 2 ** 20);
    if (sim.inbounds().length !== N) throw new Error('seed stored the wrong number of inbounds');
    await sim.close();

    gc();
    heap = process.memoryUsage().heapUsed;
    t = performance.now();
    const now = Date.now();
    const plain = new Array(N);
    for (let i = 0; i < N; i++) {
      const ms = now - (i + 1) * 720;
      plain[i] = {
        id: ulid(ms),
        type: 'mo_text',
        from: `1201555${String(i % 10_000).padStart(4, '0')}`,
        to: '12017777777',
        body: 'Hi! Is my order on its way?',
        received_at: new Date(ms).toISOString(),
        operator_id: '311071',
      };
    }
    samples.plain.push(performance.now() - t);
    gc();
    samples.plainHeap.push((process.memoryUsage().heapUsed - heap) / 2 ** 20);
    if (plain.length !== N) throw new Error('unreachable');
  }
  const seedMs = median(samples.seed);
  const plainMs = median(samples.plain);
  printTable(`Seeding ${N.toLocaleString('en-US')} inbounds (median of ${ROUNDS})`, ['variant', 'time ms', 'retained heap MiB'], [
    ['sim.seed(100000) (store, index, freeze)', seedMs, median(samples.seedHeap)],
    ['baseline: 100k wire objects in an array', plainMs, median(samples.plainHeap)],
  ]);
  console.log(`time ratio (seed / baseline): ${(seedMs / plainMs).toFixed(2)}`);
}

async function httpRows() {
  const { default: autocannon } = await import('autocannon');
  const child = fork(fileURLToPath(import.meta.url), ['--servers'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`servers exited with ${code}`)));
  });
  const { sim, bareUrl } = ready;
  const base = `/xms/v1/${sim.servicePlanId}/inbounds`;
  const scenarios = [
    ['list page_size=100', `${base}?page_size=100&page=10`],
    ['list to=%2B12017777777, page_size=100', `${base}?page_size=100&page=10&to=%2B12017777777`],
    ['get by id', `${base}/${encodeURIComponent(sim.id)}`],
  ];
  const run = async (url, path, seconds) => {
    const result = await autocannon({
      url: `${url}${path}`,
      connections: CONNECTIONS,
      duration: seconds,
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
      throw new Error(`${url}${path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    }
    return result;
  };
  const rows = [];
  try {
    for (const [name, path] of scenarios) {
      await run(sim.url, path, 1);
      await run(bareUrl, path, 1);
      const samples = { sim: [], bare: [] };
      for (let r = 0; r < ROUNDS; r++) {
        for (const which of r % 2 === 0 ? ['sim', 'bare'] : ['bare', 'sim']) {
          const result = await run(which === 'sim' ? sim.url : bareUrl, path, ROUND_SECONDS);
          samples[which].push({ rps: result.requests.average, p99: result.latency.p99 });
        }
      }
      const simRps = median(samples.sim.map((s) => s.rps));
      const bareRps = median(samples.bare.map((s) => s.rps));
      rows.push([`simulator: ${name}`, simRps, median(samples.sim.map((s) => s.p99)), '']);
      rows.push([`bare node:http, same bytes: ${name}`, bareRps, median(samples.bare.map((s) => s.p99)), (simRps / bareRps).toFixed(2)]);
    }
  } finally {
    child.send({ type: 'close' });
  }
  printTable(
    `Serving a ${N.toLocaleString('en-US')}-inbound store over loopback (${CONNECTIONS} connections, median of ${ROUNDS} × ${ROUND_SECONDS} s)`,
    ['variant', 'req/s', 'p99 ms', 'ratio sim / bare'],
    rows,
  );
}

// run-all.mjs passes --expose-gc; standalone runs turn it on here.
function exposeGc() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}
