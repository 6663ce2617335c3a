import { afterEach, describe, expect, it } from 'vitest';
import { RAW_BODY_MISSING_MESSAGE, SinchInboundsModule } from '../src/index.js';
import { PLATFORMS, recordingLogger, startNestApp, type RunningApp } from './support/nest-app.js';
import { moTextJson, postCallback, SECRET } from './support/signed-request.js';

describe.each(PLATFORMS)('raw body on %s', (platform) => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('without rawBody: true answers 500 naming the fix, and logs it once', async () => {
    const logger = recordingLogger();
    running = await startNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger })],
      options: { rawBody: false },
    });
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

  it('still refuses what is not a JSON POST with 405 / 415, not the raw-body 500', async () => {
    running = await startNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() })],
      options: { rawBody: false },
    });
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
