// Nest on Fastify: Fastify's content-type parsing stays off the webhook route only. The
// receiver answers there with its own 400/401/413/415, while the app's other routes keep
// Fastify's parsed bodies, errors and bodyLimit, and the parsers the app added itself.
import { Body, Controller, Module, Post, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SinchInboundsModule } from '../../src/index.js';
import { listenNestApp, recordingLogger, type RunningApp } from '../support/nest-app.js';
import { moTextJson, postCallback, SECRET } from '../support/signed-request.js';

@Controller()
class EchoController {
  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return { body };
  }
}

/** Fastify's bodyLimit in these apps, far below the webhook's own limit. */
const FASTIFY_BODY_LIMIT = 1024;
const WEBHOOK_MAX_BODY_BYTES = 64 * 1024;

function webhookModule() {
  return SinchInboundsModule.forRoot({
    webhook: { secret: SECRET, maxBodyBytes: WEBHOOK_MAX_BODY_BYTES },
    logger: recordingLogger(),
  });
}

@Module({ imports: [webhookModule()], controllers: [EchoController] })
class AppModule {}

function createApp(): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter({ bodyLimit: FASTIFY_BODY_LIMIT }), {
    rawBody: true,
    logger: false,
  });
}

function post(url: string, contentType: string, body: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
}

/** A signed callback of about `bytes` bytes. */
function callbackOf(bytes: number): string {
  return moTextJson({ body: 'x'.repeat(bytes) });
}

describe('Nest on Fastify', () => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('answers the webhook by the receiver’s contract and leaves a JSON route beside it to Fastify', async () => {
    running = await listenNestApp(await createApp());
    const webhook = `${running.url}/sinch/callbacks`;
    const echo = `${running.url}/echo`;

    // The webhook: the receiver's 401 before parsing, its 415, and its limit, not Fastify's.
    expect((await postCallback(webhook, '{"id":', {})).status).toBe(401);
    expect((await post(webhook, 'text/plain', 'hello')).status).toBe(415);
    expect((await postCallback(webhook, callbackOf(4 * FASTIFY_BODY_LIMIT), { secret: SECRET })).status).toBe(200);
    expect((await postCallback(webhook, callbackOf(WEBHOOK_MAX_BODY_BYTES), { secret: SECRET })).status).toBe(413);

    // The JSON route: Fastify's parsed body, 400, 415 and 413 at its bodyLimit, in Nest's error shape.
    const parsed = await post(echo, 'application/json', '{"a":[1,"é"]}');
    expect(await parsed.json()).toEqual({ body: { a: [1, 'é'] } });
    const malformed = await post(echo, 'application/json', '{"a":');
    expect(await malformed.json()).toMatchObject({ statusCode: 400 });
    const unknownType = await post(echo, 'application/x-unknown', 'hello');
    expect(await unknownType.json()).toMatchObject({ statusCode: 415 });
    const tooLarge = await post(echo, 'application/json', JSON.stringify({ a: 'x'.repeat(2 * FASTIFY_BODY_LIMIT) }));
    expect(await tooLarge.json()).toMatchObject({ statusCode: 413 });
  });

  it('keeps the webhook the receiver’s when the app adds a catch-all parser and its own JSON parser', async () => {
    const app = await createApp();
    app.getHttpAdapter().getInstance().addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
      done(null, { anyType: body });
    });
    app.useBodyParser('application/json', {}, (_request, body, done) => {
      done(null, { ownJson: JSON.parse(body.toString('utf8')) as unknown });
    });
    running = await listenNestApp(app);
    const webhook = `${running.url}/sinch/callbacks`;

    expect((await postCallback(webhook, moTextJson(), { secret: SECRET })).status).toBe(200);
    expect((await postCallback(webhook, '{"id":', {})).status).toBe(401);
    expect((await post(webhook, 'text/x-anything', 'hello')).status).toBe(415);
    // The app's own parsers still serve its routes.
    expect(await (await post(`${running.url}/echo`, 'application/json', '{"a":1}')).json()).toEqual({ body: { ownJson: { a: 1 } } });
    expect(await (await post(`${running.url}/echo`, 'text/x-anything', 'hello')).json()).toEqual({ body: { anyType: 'hello' } });
  });

  it('answers every other method with the receiver’s 405, whatever the body', async () => {
    running = await listenNestApp(await createApp());
    const webhook = `${running.url}/sinch/callbacks`;
    const requests: [string, string | undefined, string | undefined][] = [
      ['PUT', 'application/json', '{"id":'],
      ['PATCH', 'text/plain', 'hello'],
      ['DELETE', 'application/json', JSON.stringify({ a: 'x'.repeat(2 * FASTIFY_BODY_LIMIT) })],
      ['OPTIONS', undefined, undefined],
      ['QUERY', 'application/json', '{}'],
    ];
    for (const [method, contentType, body] of requests) {
      const response = await fetch(webhook, { method, headers: contentType === undefined ? {} : { 'content-type': contentType }, body });
      expect([method, response.status, response.headers.get('allow')]).toEqual([method, 405, 'POST']);
    }
  });

  it('keeps the webhook the receiver’s under a global prefix', async () => {
    const app = await createApp();
    app.setGlobalPrefix('api');
    running = await listenNestApp(app);
    expect((await postCallback(`${running.url}/api/sinch/callbacks`, '{"id":', {})).status).toBe(401);
    expect((await postCallback(`${running.url}/api/sinch/callbacks`, moTextJson(), { secret: SECRET })).status).toBe(200);
    expect((await post(`${running.url}/api/echo`, 'application/json', '{"a":')).status).toBe(400);
  });

  it('lets the app’s Fastify hooks, its guards and the receiver see the webhook request’s own headers', async () => {
    type Headers = Record<string, unknown>;
    const bodyHeadersOf = (headers: Headers): unknown[] => [headers['content-type'], headers['content-length']];
    const onRequest: unknown[] = [];
    const preHandler: unknown[] = [];
    const guard: unknown[] = [];
    const recordingGuard: CanActivate = {
      canActivate(context: ExecutionContext): boolean {
        guard.push(bodyHeadersOf(context.switchToHttp().getRequest<{ headers: Headers }>().headers));
        return true;
      },
    };
    const app = await createApp();
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onRequest', (request, _reply, done) => {
      onRequest.push(bodyHeadersOf(request.headers));
      done();
    });
    fastify.addHook('preHandler', (request, _reply, done) => {
      preHandler.push(bodyHeadersOf(request.headers));
      done();
    });
    app.useGlobalGuards(recordingGuard);
    running = await listenNestApp(app);
    const body = moTextJson();
    // 200: the receiver saw `application/json` (it answers 415 without a content type).
    expect((await postCallback(`${running.url}/sinch/callbacks`, body, { secret: SECRET })).status).toBe(200);
    const sent = [['application/json', String(Buffer.byteLength(body))]];
    expect({ onRequest, preHandler, guard }).toEqual({ onRequest: sent, preHandler: sent, guard: sent });
  });
});

describe('Nest on Fastify, in an app from a testing module', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('keeps the webhook the receiver’s: 401 for unsigned malformed JSON, 200 signed', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [webhookModule()] }).compile();
    const running = await listenNestApp(moduleRef.createNestApplication(new FastifyAdapter(), { logger: false, rawBody: true }));
    app = running.app;
    expect((await postCallback(`${running.url}/sinch/callbacks`, '{"id":', {})).status).toBe(401);
    expect((await postCallback(`${running.url}/sinch/callbacks`, moTextJson(), { secret: SECRET })).status).toBe(200);
  });
});
