// Drives the nestjs README's app (app.module.ts, inbox.repository.ts, sms.handler.ts,
// reply.handler.ts — compiled here, exercised in packages/nestjs — main.ts, main-fastify.ts,
// copied next to this file from packages/nestjs/test/readme-app)
// as Sinch and its developer would, on Express and on Fastify, and prints one JSON line.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Body, Controller, Module, Post, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { SINCH_WEBHOOK_RECEIVER, SinchInboundsModule, SinchInboundsService, signWebhook, type WebhookReceiver } from '@sinch-inbounds/nestjs';
import { adapterConformance, fixtures, startSinchSimulator, type SinchSimulator, type StartAdapter } from '@sinch-inbounds/testing';
import { AppModule } from './app.module';
import { InboxRepository } from './inbox.repository';

const SECRET = 'consumer-secret';
const PLATFORMS = ['express', 'fastify'] as const;
type Platform = (typeof PLATFORMS)[number];

function adapterFor(platform: Platform): ExpressAdapter | FastifyAdapter {
  return platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
}

function createApp(platform: Platform, options: NestApplicationOptions): Promise<INestApplication> {
  // abortOnError: false, so a failure is thrown (and reported) rather than exiting silently.
  return NestFactory.create(AppModule, adapterFor(platform), { logger: ['error'], abortOnError: false, ...options });
}

function post(url: string, body: string, secret?: string, contentType = 'application/json'): Promise<Response> {
  const signature = secret === undefined ? {} : signWebhook({ secret, body });
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...signature }, body });
}

async function listening(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

/**
 * The adapter conformance kit (the packed testing package, in a plain loop) against the
 * module's own controller on `platform`, each case in a fresh app built from the kit's
 * receiver options; the kit's opt-in consumed-body case behind a JSON parser that keeps
 * no raw copy (Express's added by hand, Fastify's default one). The cases it fails.
 */
async function conformance(platform: Platform): Promise<string[]> {
  const boot =
    (ownJsonParser: boolean): StartAdapter =>
    async (_receiver, { receiverOptions }) => {
      const { logger, ...webhook } = receiverOptions;
      @Module({ imports: [SinchInboundsModule.forRoot({ webhook, ...(logger === undefined ? {} : { logger }) })] })
      class KitModule {}
      const options: NestApplicationOptions = ownJsonParser ? { bodyParser: false } : { rawBody: true };
      const app = await NestFactory.create(KitModule, adapterFor(platform), { logger: false, abortOnError: false, ...options });
      if (ownJsonParser && platform === 'express') (app as unknown as { useBodyParser(type: string): unknown }).useBodyParser('json');
      const url = await listening(app);
      return { url: `${url}/sinch/callbacks`, close: () => app.close(), receiver: app.get<WebhookReceiver>(SINCH_WEBHOOK_RECEIVER) };
    };
  const failures: string[] = [];
  for (const c of adapterConformance({ start: boot(false), consumedBody: boot(true) })) {
    await c.run().catch((error: unknown) => failures.push(`${c.name}: ${error instanceof Error ? error.message : String(error)}`));
  }
  return failures;
}

@Controller()
class EchoController {
  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return { body };
  }
}

/** Fastify's bodyLimit in the app below, well under the webhook's own limit. */
const FASTIFY_BODY_LIMIT = 1024;

/**
 * Nest on Fastify with a small bodyLimit and a parser of the app's own (for text/x-*): a JSON
 * route beside the webhook keeps Fastify's parsing, 400, 415 and 413, and that parser
 * serves it, while the webhook takes a callback over that limit, answers an unsigned
 * malformed one with 401 and a type it does not take with its own 415.
 */
async function fastifyJsonRoute(): Promise<Record<string, unknown>> {
  @Module({ imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET } })], controllers: [EchoController] })
  class EchoModule {}
  const app = await NestFactory.create<NestFastifyApplication>(EchoModule, new FastifyAdapter({ bodyLimit: FASTIFY_BODY_LIMIT }), {
    rawBody: true,
    logger: ['error'],
    abortOnError: false,
  });
  app.getHttpAdapter().getInstance().addContentTypeParser(/^text\/x-/, { parseAs: 'string' }, (_request, body, done) => {
    done(null, { anyText: body });
  });
  try {
    const url = await listening(app);
    const echo = `${url}/echo`;
    const webhook = `${url}/sinch/callbacks`;
    const parsed = (await (await post(echo, '{"a":1}')).json()) as { body?: { a?: number } };
    return {
      parsed: parsed.body?.a === 1,
      malformed: (await post(echo, '{"a":')).status,
      unknownType: (await post(echo, 'hello', undefined, 'application/x-unknown')).status,
      tooLarge: (await post(echo, JSON.stringify({ a: 'x'.repeat(2 * FASTIFY_BODY_LIMIT) }))).status,
      webhookOverBodyLimit: (await post(webhook, JSON.stringify({ ...fixtures.moText, body: 'x'.repeat(4 * FASTIFY_BODY_LIMIT) }), SECRET)).status,
      webhookUnsignedMalformed: (await post(webhook, '{"id":')).status,
      appParser: ((await (await post(echo, 'hello', undefined, 'text/x-anything')).json()) as { body?: unknown }).body,
      webhookOtherType: (await post(webhook, 'hello', SECRET, 'text/x-anything')).status,
    };
  } finally {
    await app.close();
  }
}

async function errorOf(start: () => Promise<unknown>): Promise<string> {
  try {
    await start();
    return 'started';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The README's module receiving from the simulator: delivered, redelivered, unsigned, forged. */
async function receive(platform: Platform, sim: SinchSimulator): Promise<Record<string, unknown>> {
  process.env.SINCH_WEBHOOK_SECRET = SECRET;
  const app = await createApp(platform, { rawBody: true });
  try {
    const url = `${await listening(app)}/sinch/callbacks`;
    sim.setWebhook({ url, secret: SECRET });
    const { inbound } = await sim.send({ body: `Hello from ${platform}` });
    const first = await sim.waitForDelivery(inbound.id);
    const again = await sim.redeliver(inbound.id);
    const saved = await app.get(InboxRepository).all();
    const body = JSON.stringify({ ...fixtures.moText, id: `${inbound.id.slice(0, -1)}X` });
    return {
      delivered: first.attempts.map((a) => a.status),
      duplicate: again.attempts.map((a) => a.status),
      saved: saved.map((entry) => entry.text),
      unsigned: (await post(url, body)).status,
      forged: (await post(url, body, 'not-the-secret')).status,
    };
  } finally {
    await app.close();
  }
}

/** A second app, without HTTP, that reads the message back through SinchInboundsService. */
async function list(sim: SinchSimulator): Promise<string[]> {
  @Module({
    imports: [
      SinchInboundsModule.forRoot({
        webhook: { secret: SECRET },
        client: { servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, maxRetries: 0 },
      }),
    ],
  })
  class ReaderModule {}
  const context = await NestFactory.createApplicationContext(ReaderModule, { logger: ['error'], abortOnError: false });
  try {
    const page = await context.get(SinchInboundsService).list({ pageSize: 10 });
    return page.inbounds.map((item) => (item.type === 'mo_text' ? item.body : item.type)).sort();
  } finally {
    await context.close();
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Runs the README's main file as `node main.js` would and posts one signed callback to it. */
async function runMain(file: string): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, file)], {
    env: { ...process.env, PORT: String(port), SINCH_WEBHOOK_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`${file} exited with ${String(code)} before it started`);
    });
    const started = (async () => {
      for await (const line of createInterface({ input: child.stdout })) {
        if (line.includes('Nest application successfully started')) return;
      }
    })();
    await Promise.race([started, exited]);
    // Nest logs that line at the end of init(); the server listens right after it.
    for (let attempt = 0; ; attempt++) {
      try {
        const body = JSON.stringify(fixtures.moText);
        return (await post(`http://127.0.0.1:${port}/sinch/callbacks`, body, SECRET)).status;
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  const sim = await startSinchSimulator({ timeScale: 0.001 });
  const report: Record<string, unknown> = {};
  try {
    for (const platform of PLATFORMS) {
      report[platform] = {
        ...(await receive(platform, sim)),
        blankSecret: await errorOf(async () => {
          process.env.SINCH_WEBHOOK_SECRET = ' ';
          await createApp(platform, { rawBody: true, abortOnError: false, logger: false });
        }),
        withoutRawBody: await errorOf(async () => {
          process.env.SINCH_WEBHOOK_SECRET = SECRET;
          const app = await createApp(platform, { abortOnError: false, logger: false });
          await app.init().finally(() => app.close());
        }),
        testingModuleWithoutRawBody: await errorOf(async () => {
          const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
          const app = moduleRef.createNestApplication(adapterFor(platform), { logger: false });
          await app.init().finally(() => app.close());
        }),
        conformanceFailures: await conformance(platform),
      };
    }
    report.fastifyJsonRoute = await fastifyJsonRoute();
    report.listed = await list(sim);
    report.main = await runMain('main.js');
    report.mainFastify = await runMain('main-fastify.js');
  } finally {
    await sim.close();
  }
  console.log(JSON.stringify(report));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
