// receiver.reconcile() over the inbounds API: N inbounds seeded in a simulator that runs
// in a child process (so its CPU and heap stay out of the measurement), read back through
// InboundsClient.iterate and dispatched through the receiver's dedupe gate and handlers.
// Reports requests (must be exactly ceil(N / 100)), messages/s, client CPU and peak heap
// growth, for two N side by side: reconcile's own memory must not grow with N.
//
// Two receivers: `dedupe: false` shows reconcile's own footprint (nothing kept per
// message); the default in-memory dedupe store necessarily remembers every id it handled
// (that growth is the store's, and would live in Redis with a shared store).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { printTable } from './harness/table.mjs';

const SIZES = [20_000, 100_000];
const PAGE_SIZE = 100;
const LIVE_EVERY = 5_000;

if (process.argv[2] === '--simulator') {
  await serveSimulator();
} else {
  await main();
}

async function serveSimulator() {
  const { startSinchSimulator } = await import('@sinch-inbounds/testing');
  let sim;
  process.on('message', async (msg) => {
    if (msg.type === 'seed') {
      await sim?.close();
      sim = await startSinchSimulator({ seed: 1 });
      sim.seed(msg.n);
      process.send({ type: 'seed', url: sim.url, servicePlanId: sim.servicePlanId, apiToken: sim.apiToken });
    }
    if (msg.type === 'reset') {
      sim.resetRequests();
      process.send({ type: 'reset' });
    }
    if (msg.type === 'requests') {
      const list = sim.requests().filter((r) => r.route === 'list');
      process.send({ type: 'requests', count: list.length, statuses: [...new Set(list.map((r) => r.status))] });
    }
    if (msg.type === 'close') {
      await sim?.close();
      process.exit(0);
    }
  });
  process.send({ type: 'ready' });
}

async function main() {
  const gc = exposeGc();
  const child = fork(fileURLToPath(import.meta.url), ['--simulator'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (type, extra = {}) =>
    new Promise((resolve) => {
      const onMessage = (msg) => {
        if (msg.type === type) {
          child.off('message', onMessage);
          resolve(msg);
        }
      };
      child.on('message', onMessage);
      child.send({ type, ...extra });
    });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });

  const { createWebhookReceiver, InboundsClient, MemoryDedupeStore, silentLogger } = await import('@sinch-inbounds/core');
  const rows = [];
  let failed = false;
  for (const n of SIZES) {
    const { url, servicePlanId, apiToken } = await ask('seed', { n });
    const client = new InboundsClient({ servicePlanId, apiToken, baseUrl: url, logger: silentLogger });
    const variants = {
      'dedupe off (reconcile alone)': () => createWebhookReceiver({ dangerouslyAllowUnauthenticated: true, dedupe: false, logger: silentLogger }),
      'in-memory dedupe store': () =>
        createWebhookReceiver({ dangerouslyAllowUnauthenticated: true, dedupe: new MemoryDedupeStore({ maxEntries: 2 * n }), logger: silentLogger }),
    };
    for (const [name, make] of Object.entries(variants)) {
      const receiver = make();
      let handled = 0;
      receiver.on('inbound', () => {
        handled++;
      });
      await ask('reset');
      gc();
      const base = process.memoryUsage().heapUsed;
      let peak = base;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 5);
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      // Live heap: what is still reachable after a full GC, every LIVE_EVERY messages. The
      // raw peak also counts garbage V8 has not collected yet, which grows with run time.
      let livePeak = 0;
      let gcMs = 0;
      let gcCpuMs = 0;
      const report = await receiver.reconcile(client, {
        since: new Date(Date.now() - 23 * 60 * 60 * 1000),
        onProgress: (p) => {
          peak = Math.max(peak, process.memoryUsage().heapUsed);
          if (p.seen % LIVE_EVERY !== 0) return;
          const t = performance.now();
          const c = process.cpuUsage();
          gc();
          const used = process.cpuUsage(c);
          gcCpuMs += (used.user + used.system) / 1000;
          gcMs += performance.now() - t;
          livePeak = Math.max(livePeak, process.memoryUsage().heapUsed - base);
        },
      });
      // The forced collections are the benchmark's, not reconcile's: their time is left out.
      const ms = performance.now() - start - gcMs;
      const cpu = process.cpuUsage(cpuStart);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      const { count: requests } = await ask('requests');
      const needed = Math.ceil(n / PAGE_SIZE);
      if (report.seen !== n || report.handled !== n || handled !== n || requests !== needed) {
        failed = true;
        console.error(`${name}, N=${n}: seen ${report.seen}, handled ${report.handled} (${handled} by the handler), ${requests} requests (need ${needed})`);
      }
      rows.push([
        name,
        n.toLocaleString('en-US'),
        `${requests} (need ${needed})`,
        ms,
        (n / ms) * 1000,
        (cpu.user + cpu.system) / 1000 - gcCpuMs,
        (peak - base) / 1024 / 1024,
        livePeak / 1024 / 1024,
      ]);
    }
  }
  printTable(
    `receiver.reconcile() of N inbounds from the simulator, page size ${PAGE_SIZE}, loopback (one run each, Node ${process.version})`,
    ['receiver', 'N', 'list requests', 'wall ms', 'msgs/s', 'client CPU ms', 'peak heap growth MiB', `peak live heap MiB (GC every ${LIVE_EVERY.toLocaleString('en-US')})`],
    rows,
  );
  const alone = rows.filter((r) => r[0].startsWith('dedupe off'));
  const [small, large] = alone.map((r) => r[7]);
  console.log(
    `reconcile's own peak live heap: ${small.toFixed(2)} MiB at N=${SIZES[0].toLocaleString('en-US')}, ${large.toFixed(2)} MiB at N=${SIZES[1].toLocaleString('en-US')} ` +
      `(${(large / small).toFixed(2)}x for ${SIZES[1] / SIZES[0]}x the messages)`,
  );
  const stored = rows.filter((r) => r[0].startsWith('in-memory'));
  console.log(
    `in-memory dedupe store: ${(((stored[1][7] - alone[1][7]) * 1024 * 1024) / SIZES[1]).toFixed(0)} bytes of live heap per remembered id at N=${SIZES[1].toLocaleString('en-US')}`,
  );
  console.log(`requests = ceil(N / ${PAGE_SIZE}) and every message handled once: ${failed ? 'NOT MET' : 'MET'}`);
  child.send({ type: 'close' });
  if (failed) process.exitCode = 1;
}

// run-all.mjs passes --expose-gc; standalone runs turn it on here.
function exposeGc() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}
