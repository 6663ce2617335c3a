import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RAW_BODY_MISSING_MESSAGE, SinchInboundsModule } from '../src/index.js';
import { RAW_BODY_NOT_ENABLED_MESSAGE } from '../src/webhook/raw-body-check.js';
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

  // A testing module gets its HTTP adapter after the providers exist, so the start-up check
  // cannot see the option there; the request-time answer is the second line of defence.
  it('in a testing module without rawBody: true, a callback gets 500 naming the fix, logged once', async () => {
    const logger = recordingLogger();
    running = await startTestingApp(platform, SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger }));
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

  it('in a testing module without rawBody: true, what is not a JSON POST still gets 405 / 415, not the raw-body 500', async () => {
    running = await startTestingApp(platform, SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() }));
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

/** An app from `Test.createTestingModule`, created without `rawBody`, listening on loopback. */
async function startTestingApp(platform: Platform, sinchModule: ReturnType<typeof SinchInboundsModule.forRoot>): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule({ imports: [sinchModule] }).compile();
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  return listenNestApp(moduleRef.createNestApplication(adapter, { logger: false }));
}

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
