// Nest's body parsers step aside for the webhook route only: the receiver answers there,
// while the app's other routes keep `@Body()` parsed as Nest parses it.
import { Body, Controller, Module, Post, type INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SinchInboundsModule } from '../src/index.js';
import { createNestApp, listenNestApp, PLATFORMS, recordingLogger, type Platform, type RunningApp } from './support/nest-app.js';
import { moTextJson, postCallback, SECRET } from './support/signed-request.js';

@Controller()
class EchoController {
  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return { body };
  }

  // Under the webhook's path, but a route of its own: parsed as usual.
  @Post('sinch/callbacks/echo')
  echoUnderWebhook(@Body() body: unknown): unknown {
    return { body };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const webhookModule = () => SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger: recordingLogger() });

async function startApp(platform: Platform, globalPrefix?: string): Promise<RunningApp> {
  const app = await createNestApp(platform, { imports: [webhookModule(), EchoModule] });
  if (globalPrefix !== undefined) app.setGlobalPrefix(globalPrefix);
  return listenNestApp(app);
}

function post(url: string, contentType: string, body: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
}

describe.each(PLATFORMS)('the app’s other routes on %s', (platform) => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('keep Nest’s JSON and urlencoded parsing next to the webhook, and the webhook still verifies', async () => {
    running = await startApp(platform);
    const json = await post(`${running.url}/echo`, 'application/json', '{"a":[1,"é"]}');
    expect(await json.json()).toEqual({ body: { a: [1, 'é'] } });
    const form = await post(`${running.url}/echo`, 'application/x-www-form-urlencoded', 'a=1&b=two');
    expect(await form.json()).toEqual({ body: { a: '1', b: 'two' } });
    const under = await post(`${running.url}/sinch/callbacks/echo`, 'application/json', '{"under":true}');
    expect(await under.json()).toEqual({ body: { under: true } });
    // Nest's own parser still answers malformed JSON on its routes.
    expect((await post(`${running.url}/echo`, 'application/json', '{"a":')).status).toBe(400);
    expect((await postCallback(`${running.url}/sinch/callbacks`, moTextJson(), { secret: SECRET })).status).toBe(200);
  });
});

describe('the webhook route on Express', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is the receiver’s under a global prefix: 401 for unsigned malformed JSON, 200 signed', async () => {
    const running = await startApp('express', 'api');
    app = running.app;
    expect((await postCallback(`${running.url}/api/sinch/callbacks`, '{"id":', {})).status).toBe(401);
    expect((await postCallback(`${running.url}/api/sinch/callbacks`, moTextJson(), { secret: SECRET })).status).toBe(200);
  });

  it('is the receiver’s in an app from a testing module too', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [webhookModule()] }).compile();
    const running = await listenNestApp(moduleRef.createNestApplication(new ExpressAdapter(), { logger: false, rawBody: true }));
    app = running.app;
    expect((await postCallback(`${running.url}/sinch/callbacks`, '{"id":', {})).status).toBe(401);
    expect((await postCallback(`${running.url}/sinch/callbacks`, moTextJson(), { secret: SECRET })).status).toBe(200);
  });
});
