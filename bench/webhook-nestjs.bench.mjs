// Webhook throughput of @sinch-inbounds/nestjs over loopback HTTP, on Nest's Express AND
// Fastify platforms. Each platform runs one Nest app (created with `rawBody: true`) with
// two routes: SinchInboundsModule's controller (signature check + replay guard + parse +
// dedupe + an @OnSinchCallback no-op handler) and a bare Nest route with no checks
// (`@Post() @HttpCode(200)` returning the same JSON). Target: ≥ 90% of bare req/s.
//
// The apps run in a child process and autocannon in this one, so the load generator does
// not steal the server's core (the machine has 2). Every request is a distinct signed
// message — own id, nonce, signature — generated before each round, so dedupe and replay
// protection do real work instead of short-circuiting. Rounds alternate bare/sinch and
// the median round counts.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { printTable } from './harness/table.mjs';
import { median } from './harness/throughput.mjs';

const SECRET = 'KayakingTheSwell';
// `node webhook-nestjs.bench.mjs fastify` measures one platform only (while tuning).
const PLATFORMS = ['express', 'fastify'].filter((p) => process.argv.length <= 2 || process.argv[2] === 'server' || process.argv.includes(p));
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 10;
const SINCH_PATH = '/sinch/callbacks';
const BARE_PATH = '/bare';

if (process.argv[2] === 'server') {
  await runServers();
} else {
  await runBenchmark();
}

async function runServers() {
  const { Controller, HttpCode, Injectable, Module, Post, Body } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { ExpressAdapter } = await import('@nestjs/platform-express');
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const { OnSinchCallback, SinchInboundsModule, silentLogger } = await import('@sinch-inbounds/nestjs');

  let handled = 0;
  // Plain .mjs has no decorator syntax: decorators are applied as TypeScript's output does.
  class Handler {
    onText() {
      handled++;
    }
  }
  Reflect.decorate([OnSinchCallback('mo_text')], Handler.prototype, 'onText', Object.getOwnPropertyDescriptor(Handler.prototype, 'onText'));
  Injectable()(Handler);

  class BareController {
    receive(body) {
      if (body && typeof body.type === 'string') handled++;
      return { status: 'accepted' };
    }
  }
  Body()(BareController.prototype, 'receive', 0);
  Reflect.decorate([Post(), HttpCode(200)], BareController.prototype, 'receive', Object.getOwnPropertyDescriptor(BareController.prototype, 'receive'));
  Controller(BARE_PATH.slice(1))(BareController);

  const ports = {};
  for (const platform of PLATFORMS) {
    class AppModule {}
    Module({
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: silentLogger })],
      controllers: [BareController],
      providers: [Handler],
    })(AppModule);
    const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
    const app = await NestFactory.create(AppModule, adapter, { rawBody: true, logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    ports[platform] = Number(new URL(await app.getUrl()).port);
  }
  process.on('message', (msg) => {
    if (msg === 'count') process.send({ handled });
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

  // A realistic mo_text (SPEC §5), unique: own id, nonce and signature.
  const signedMessage = () => {
    const body = JSON.stringify({
      id: ulid(),
      type: 'mo_text',
      from: '12015555555',
      to: '12017777777',
      body: 'Hello John! 👋',
      operator_id: '311071',
      received_at: new Date().toISOString(),
    });
    return { body, headers: { 'content-type': 'application/json', ...signWebhook({ secret: SECRET, body }) } };
  };

  // Highest req/s seen per platform, to size the next round's pool of messages; the
  // warm-up rounds start from a guess and fill any shortfall on the fly.
  const peak = Object.fromEntries(PLATFORMS.map((p) => [p, 3_000]));
  let generatedLate = 0;

  const run = async (platform, route, seconds, warmup = false) => {
    // Pre-generated outside the timed window; shared by all connections through one
    // cursor, so no message is ever sent twice. Should a round outrun its pool, further
    // messages are made on the fly (counted, and printed below).
    const pool = Array.from({ length: Math.ceil(peak[platform] * seconds * 1.5) }, signedMessage);
    let next = 0;
    const path = route === 'sinch' ? SINCH_PATH : BARE_PATH;
    const setupRequest = (req) => {
      let message = pool[next++];
      if (message === undefined) {
        if (!warmup) generatedLate++;
        message = signedMessage();
      }
      return { ...req, method: 'POST', path, headers: message.headers, body: message.body };
    };
    const result = await autocannon({
      url: `http://127.0.0.1:${ports[platform]}`,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [{ setupRequest }],
    });
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
      throw new Error(`${platform} ${route}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    }
    peak[platform] = Math.max(peak[platform], result.requests.max);
    return result;
  };

  const rows = [];
  const ratios = {};
  try {
    for (const platform of PLATFORMS) {
      await run(platform, 'bare', WARMUP_SECONDS, true);
      await run(platform, 'sinch', WARMUP_SECONDS, true);
      const samples = { bare: [], sinch: [] };
      let total2xx = 0;
      const before = (await ask('count')).handled;
      for (let r = 0; r < ROUNDS; r++) {
        for (const route of r % 2 === 0 ? ['bare', 'sinch'] : ['sinch', 'bare']) {
          const result = await run(platform, route, ROUND_SECONDS);
          total2xx += result['2xx'];
          samples[route].push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 });
        }
      }
      const after = (await ask('count')).handled;
      // Every 2xx must be a message that really reached a handler (no duplicate or replay
      // short-cut). Requests in flight when a round stops are handled but not counted by
      // autocannon: at most one per connection per round.
      const extra = after - before - total2xx;
      if (extra < 0 || extra > CONNECTIONS * ROUNDS * 2) {
        throw new Error(`${platform}: handled ${after - before} messages but got ${total2xx} 2xx answers`);
      }
      const med = (route, key) => median(samples[route].map((s) => s[key]));
      const bare = med('bare', 'rps');
      const sinch = med('sinch', 'rps');
      ratios[platform] = sinch / bare;
      rows.push(
        [`Nest ${platform}: bare @Post route, no checks`, bare, med('bare', 'p50'), med('bare', 'p99'), '100.0%'],
        [
          `Nest ${platform}: SinchInboundsModule (verify + replay + parse + dedupe + @OnSinchCallback no-op)`,
          sinch,
          med('sinch', 'p50'),
          med('sinch', 'p99'),
          `${(ratios[platform] * 100).toFixed(1)}%`,
        ],
      );
    }
    printTable(
      `NestJS webhook over loopback, ${CONNECTIONS} connections, median of ${ROUNDS} × ${ROUND_SECONDS} s rounds (Node ${process.version})`,
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'vs bare'],
      rows,
    );
    for (const platform of PLATFORMS) {
      const ratio = ratios[platform];
      console.log(`SinchInboundsModule / bare Nest route on ${platform} = ${(ratio * 100).toFixed(1)}% (target ≥ 90%): ${ratio >= 0.9 ? 'MET' : 'NOT MET'}`);
    }
    if (generatedLate > 0) console.log(`(${generatedLate} messages were generated during rounds: a pool ran short)`);
  } finally {
    child.send('exit');
  }
}
