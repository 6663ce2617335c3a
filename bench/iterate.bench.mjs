// Iterating every inbound over the REST API: InboundsClient.iterate vs the official SDK's
// `for await` over sms.inbounds.list, both against the same simulator (run in a child
// process so that its CPU and heap stay out of the measurement) in the same run.
// Reports requests made (ours must be exactly ceil(N/100)), wall time, client CPU time and
// peak heap growth, on loopback and with a simulated network latency.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { printTable } from './harness/table.mjs';
import { median } from './harness/throughput.mjs';

const N = 10_000;
const PAGE_SIZE = 100;
// Loopback measures the clients' own cost; a per-request delay stands in for the real
// network between a server and Sinch, where fetching ahead pays off.
const SCENARIOS = [
  { name: 'loopback', latencyMs: 0, rounds: 7 },
  { name: '20 ms simulated latency per request', latencyMs: 20, rounds: 3 },
];

if (process.argv[2] === '--simulator') {
  await serveSimulator();
} else {
  await main();
}

async function serveSimulator() {
  const { startSinchSimulator } = await import('@sinch-inbounds/testing');
  const sim = await startSinchSimulator({ seed: 1 });
  sim.seed(N);
  process.on('message', async (msg) => {
    if (msg.type === 'reset') {
      sim.resetRequests();
      process.send({ type: 'reset' });
    }
    if (msg.type === 'requests') {
      const list = sim.requests().filter((r) => r.route === 'list');
      process.send({ type: 'requests', count: list.length, statuses: [...new Set(list.map((r) => r.status))] });
    }
    if (msg.type === 'faults') {
      sim.setFaults(msg.faults);
      process.send({ type: 'faults' });
    }
    if (msg.type === 'ids') process.send({ type: 'ids', ids: sim.inbounds().map((m) => m.id) });
    if (msg.type === 'close') {
      await sim.close();
      process.exit(0);
    }
  });
  process.send({ type: 'ready', url: sim.url, servicePlanId: sim.servicePlanId, apiToken: sim.apiToken });
}

async function main() {
  const gc = exposeGc();
  const child = fork(fileURLToPath(import.meta.url), ['--simulator'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (type, faults) =>
    new Promise((resolve) => {
      const onMessage = (msg) => {
        if (msg.type === type) {
          child.off('message', onMessage);
          resolve(msg);
        }
      };
      child.on('message', onMessage);
      child.send({ type, faults });
    });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const { url, servicePlanId, apiToken } = ready;

  const { InboundsClient, silentLogger } = await import('@sinch-inbounds/core');
  const { SmsService } = await import('@sinch/sms');
  const ours = new InboundsClient({ servicePlanId, apiToken, baseUrl: url, logger: silentLogger });
  const official = new SmsService({ servicePlanId, apiToken, smsHostname: url });

  const variants = {
    'sinch-inbounds InboundsClient.iterate': () => ours.iterate({ pageSize: PAGE_SIZE }),
    'official @sinch/sms inbounds.list (for await)': () => official.inbounds.list({ page_size: PAGE_SIZE }),
  };

  // Correctness first: every variant yields all N messages, in order, once.
  const { ids: expected } = await ask('ids');
  for (const [name, iterate] of Object.entries(variants)) {
    const got = [];
    for await (const m of iterate()) got.push(m.id);
    const same = got.length === expected.length && got.every((id, i) => id === expected[i]);
    if (!same) console.warn(`WARNING: ${name} yielded ${got.length} messages${got.length === N ? ' (not in the expected order)' : ''}`);
  }

  const needed = Math.ceil(N / PAGE_SIZE);
  let failed = false;
  for (const scenario of SCENARIOS) {
    await ask('faults', scenario.latencyMs === 0 ? undefined : { list: { latencyMs: scenario.latencyMs } });
    const samples = await measure(variants, scenario.rounds, ask, gc);
    const rows = Object.entries(samples).map(([name, s]) => [
      name,
      `${Math.min(...s.requests)}${Math.min(...s.requests) === Math.max(...s.requests) ? '' : `–${Math.max(...s.requests)}`}`,
      median(s.ms),
      (N / median(s.ms)) * 1000,
      median(s.cpu),
      median(s.heap) / 1024 / 1024,
    ]);
    printTable(
      `Iterating ${N.toLocaleString('en-US')} inbounds at page size ${PAGE_SIZE}, ${scenario.name} (median of ${scenario.rounds} interleaved rounds, Node ${process.version})`,
      ['variant', `requests (need ${needed})`, 'wall ms', 'msgs/s', 'client CPU ms', 'peak heap growth MiB'],
      rows,
    );
    const [oursName, officialName] = Object.keys(samples);
    const speedup = median(samples[officialName].ms) / median(samples[oursName].ms);
    const exact = samples[oursName].requests.every((r) => r === needed);
    if (!exact) failed = true;
    console.log(`InboundsClient requests per run: ${samples[oursName].requests.join(', ')}; need exactly ${needed}: ${exact ? 'MET' : 'NOT MET'}`);
    console.log(`official SDK requests per run: ${samples[officialName].requests.join(', ')}`);
    const perRound = samples[officialName].ms.map((ms, i) => ms / samples[oursName].ms[i]);
    if (!(speedup > 1)) failed = true;
    console.log(
      `speed ratio (official wall time / ours): ${speedup.toFixed(2)}x — target > 1: ${speedup > 1 ? 'MET' : 'NOT MET'}  [per round ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}]`,
    );
    console.log(`peak heap growth ratio (ours / official): ${(median(samples[oursName].heap) / median(samples[officialName].heap)).toFixed(2)}`);
  }
  child.send({ type: 'close' });
  if (failed) process.exitCode = 1;
}

async function measure(variants, rounds, ask, gc) {
  const samples = Object.fromEntries(Object.keys(variants).map((n) => [n, { ms: [], cpu: [], heap: [], requests: [] }]));
  for (let round = 0; round < rounds; round++) {
    const names = Object.keys(variants);
    for (const name of round % 2 === 0 ? names : names.reverse()) {
      await ask('reset');
      gc();
      const base = process.memoryUsage().heapUsed;
      let peak = base;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 2);
      let count = 0;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for await (const m of variants[name]()) {
        if (m.id !== undefined) count++;
        if (count % 50 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (count !== N) throw new Error(`${name} yielded ${count} of ${N}`);
      const { count: requests } = await ask('requests');
      samples[name].ms.push(ms);
      samples[name].cpu.push((cpu.user + cpu.system) / 1000);
      samples[name].heap.push(peak - base);
      samples[name].requests.push(requests);
    }
  }
  return samples;
}

// run-all.mjs passes --expose-gc; standalone runs turn it on here.
function exposeGc() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}
