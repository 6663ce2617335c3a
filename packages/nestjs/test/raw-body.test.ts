import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RAW_BODY_MISSING_MESSAGE, SinchInboundsModule } from '../src/index.js';
import { RAW_BODY_NOT_ENABLED_MESSAGE } from '../src/webhook/raw-body-check.js';
import type { RecordingLogger } from '@sinch-inbounds/testing';
import { createNestApp, listenNestApp, PLATFORMS, recordingLogger, startNestApp, type Platform, type RunningApp } from './support/nest-app.js';
import { moTextJson, postCallback, SECRET } from './support/signed-request.js';

describe.each(PLATFORMS)('raw body on %s', (platform) => {
  let app: INestApplication | undefined;
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
    await app?.close();
    running = undefined;
    app = undefined;
  });

  it('an app created without rawBody: true does not start, and the error names the fix', async () => {
    app = await createNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })],
      options: { rawBody: false },
    });
    await expect(app.init()).rejects.toThrow(RAW_BODY_NOT_ENABLED_MESSAGE);
    expect(RAW_BODY_NOT_ENABLED_MESSAGE).toContain('NestFactory.create(AppModule, { rawBody: true })');
  });

  it('an app created with rawBody: true starts', async () => {
    app = await createNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })],
    });
    await expect(app.init()).resolves.toBe(app);
  });

  it('an app from a testing module without rawBody: true does not start either', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })],
    }).compile();
    app = moduleRef.createNestApplication(platform === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false });
    await expect(app.init()).rejects.toThrow(RAW_BODY_NOT_ENABLED_MESSAGE);
  });

  it('an app from a testing module with rawBody: true starts and verifies callbacks', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })],
    }).compile();
    const created = moduleRef.createNestApplication(platform === 'express' ? new ExpressAdapter() : new FastifyAdapter(), {
      logger: false,
      rawBody: true,
    });
    running = await listenNestApp(created);
    expect((await postCallback(`${running.url}/sinch/callbacks`, moTextJson(), { secret: SECRET })).status).toBe(200);
  });

  // Where the start-up check cannot see a parser (one the app adds itself), the answer to
  // each callback is the second line of defence.
  it('with a JSON parser of its own that keeps no raw body, a callback gets 500 naming the fix, logged once', async () => {
    const logger = recordingLogger();
    running = await startWithOwnJsonParser(platform, logger);
    const url = `${running.url}/sinch/callbacks`;
    for (let i = 0; i < 3; i++) {
      const res = await postCallback(url, moTextJson(), { secret: SECRET });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal_error', message: RAW_BODY_MISSING_MESSAGE });
      expect(RAW_BODY_MISSING_MESSAGE).toContain('NestFactory.create(AppModule, { rawBody: true })');
    }
    const logged = logger.entries.filter((e) => e.message.includes(RAW_BODY_MISSING_MESSAGE));
    expect(logged).toHaveLength(1);
    expect(logged[0]?.level).toBe('error');
  });

  it('with a JSON parser of its own, what is not a JSON POST still gets 405 / 415, not the raw-body 500', async () => {
    running = await startWithOwnJsonParser(platform, recordingLogger());
    const url = `${running.url}/sinch/callbacks`;
    expect((await fetch(url)).status).toBe(405);
    const form = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    });
    expect(form.status).toBe(415);
  });
});

/**
 * An app with Nest's parsers off (`bodyParser: false`) and a JSON parser that keeps no raw
 * body in their place: Express's JSON parser added by hand, Fastify's own default parser.
 */
async function startWithOwnJsonParser(platform: Platform, logger: RecordingLogger): Promise<RunningApp> {
  const created = await createNestApp(platform, {
    imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger })],
    options: { rawBody: false, bodyParser: false },
  });
  if (platform === 'express') (created as NestExpressApplication).useBodyParser('json');
  return listenNestApp(created);
}

describe('an application context without HTTP', () => {
  it('starts with the module (a worker that reads the API or reconciles needs no raw body)', async () => {
    @Module({ imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })] })
    class WorkerModule {}
    const context = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
    await context.init();
    await context.close();
  });
});

describe('bodyParser: false on express', () => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('reads the untouched stream itself, under maxBodyBytes', async () => {
    running = await startNestApp('express', {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET, maxBodyBytes: 2048 }, logger: recordingLogger() })],
      options: { rawBody: false, bodyParser: false },
    });
    const url = `${running.url}/sinch/callbacks`;
    expect((await postCallback(url, moTextJson(), { secret: SECRET })).status).toBe(200);
    // Chunked, so no Content-Length lets the limit be checked before reading.
    const big = moTextJson({ body: 'x'.repeat(4096) });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });
});
