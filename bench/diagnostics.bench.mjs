// What core's diagnostics channels cost receiver.handle(): with nothing subscribed
// (must be nothing measurable), with a no-op subscriber on every channel (the price of
// publishing), and with @sinch-inbounds/opentelemetry recording into the OpenTelemetry
// SDK (the price of the metrics and spans themselves), against the SDK set up with the
// instrumentation off.
//
// Each variant runs in a child process of its own, since subscribing changes how V8
// optimises the channel checks and OpenTelemetry's context manager turns on
// AsyncLocalStorage for the whole process; the children take turns, several times, so
// a noisy neighbour slows all variants alike. Measured in CPU time, not wall time: on
// a shared machine the wall clock mostly measures the neighbours.
import { execFileSync } from 'node:child_process';
import { tracingChannel } from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { createWebhookReceiver, DIAGNOSTICS_CHANNELS, silentLogger } from '@sinch-inbounds/core';
import { signedMoText } from './harness/signed-callbacks.mjs';
import { measureThroughput, median } from './harness/throughput.mjs';
import { printTable } from './harness/table.mjs';

const SECRET = 'bench-diagnostics-secret';
const PER_ROUND = 4_000;
const ROUNDS_PER_TURN = 3;
const TURNS = 4;
const VARIANTS = {
  none: 'no subscriber',
  noop: 'no-op subscriber on every channel',
  'otel-off': 'OpenTelemetry SDK set up, instrumentation off',
  'otel-on': 'OpenTelemetry SDK set up, instrumentation on',
};

const variant = process.argv[2];
if (variant === undefined) await parent();
else await child(variant);

async function parent() {
  const samples = Object.fromEntries(Object.keys(VARIANTS).map((v) => [v, []]));
  for (let turn = 0; turn < TURNS; turn++) {
    const order = turn % 2 === 0 ? Object.keys(VARIANTS) : Object.keys(VARIANTS).reverse();
    for (const v of order) {
      const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), v], { encoding: 'utf8' });
      samples[v].push(...JSON.parse(out));
    }
  }
  const result = Object.fromEntries(Object.entries(samples).map(([v, s]) => [v, median(s)]));
  const row = (v, baseline) => [
    VARIANTS[v],
    result[v],
    1e6 / result[v],
    baseline === undefined ? '' : `${result[v] >= result[baseline] ? '+' : ''}${(result[v] - result[baseline]).toFixed(1)} µs`,
  ];
  printTable(
    `receiver.handle() of a signed mo_text: CPU per request, median of ${TURNS * ROUNDS_PER_TURN} rounds of ${PER_ROUND} (Node ${process.version})`,
    ['variant', 'CPU µs/req', 'req/s per CPU core', 'difference'],
    [row('none'), row('noop', 'none'), row('otel-off'), row('otel-on', 'otel-off')],
  );

  // With nothing subscribed, all a request pays is two `hasSubscribers` checks (the
  // webhook channel in handle(), the handler channel in the dispatcher): far below what
  // rounds of whole requests can resolve, so they are timed alone.
  const webhook = tracingChannel(DIAGNOSTICS_CHANNELS.webhook);
  const handler = tracingChannel(DIAGNOSTICS_CHANNELS.handler);
  const checks = measureThroughput({ checks: () => (webhook.hasSubscribers || handler.hasSubscribers ? 1 : 0) });
  const checkNs = 1e9 / checks.checks;
  console.log(
    `with no subscriber a request pays two hasSubscribers checks: ${checkNs.toFixed(1)} ns, ` +
      `${((checkNs / (result.none * 1000)) * 100).toFixed(3)}% of its ${result.none.toFixed(1)} µs of CPU`,
  );
}

/** Runs one variant for ROUNDS_PER_TURN rounds after a warm-up round; prints the CPU µs per request of each. */
async function child(v) {
  if (v === 'noop') {
    const noop = { start() {}, end() {}, asyncStart() {}, asyncEnd() {}, error() {} };
    for (const name of Object.values(DIAGNOSTICS_CHANNELS)) tracingChannel(name).subscribe(noop);
  }
  if (v === 'otel-off' || v === 'otel-on') await setUpOpenTelemetry(v === 'otel-on');
  const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
  let handled = 0;
  receiver.on('mo_text', async () => {
    handled++;
  });
  const out = [];
  for (let r = -1; r < ROUNDS_PER_TURN; r++) {
    const messages = Array.from({ length: PER_ROUND }, () => signedMoText(SECRET));
    globalThis.gc?.();
    const start = process.cpuUsage();
    for (const { body, headers } of messages) {
      const response = await receiver.handle({ method: 'POST', headers, body });
      if (response.status !== 200) throw new Error(`handle() answered ${response.status}`);
    }
    const used = process.cpuUsage(start);
    if (r >= 0) out.push((used.user + used.system) / PER_ROUND);
  }
  if (handled !== PER_ROUND * (ROUNDS_PER_TURN + 1)) throw new Error('the handler did not run once per message');
  process.stdout.write(JSON.stringify(out));
}

/** The SDK as an app sets it up: context manager, tracer and meter providers; the instrumentation on or off. */
async function setUpOpenTelemetry(on) {
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
  const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
  const { SinchInboundsInstrumentation } = await import('@sinch-inbounds/opentelemetry');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // A reader that is never collected: recording is measured, exporting is not.
  class IdleReader extends MetricReader {
    async onForceFlush() {}
    async onShutdown() {}
  }
  const instrumentation = new SinchInboundsInstrumentation({ enabled: false });
  instrumentation.setTracerProvider(new BasicTracerProvider());
  instrumentation.setMeterProvider(new MeterProvider({ readers: [new IdleReader()] }));
  if (on) instrumentation.enable();
}
