import { Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { afterEach, describe, expect, it } from 'vitest';
import {
  OnSinchCallback,
  SINCH_WEBHOOK_PATH,
  SinchInboundsModule,
  SinchInboundsService,
  SinchWebhookController,
  type MoText,
  type SinchInboundsModuleOptions,
  type SinchInboundsOptionsFactory,
} from '../src/index.js';
import { createNestApp, listenNestApp, PLATFORMS, recordingLogger, startNestApp, type RunningApp } from './support/nest-app.js';
import { moTextJson, postCallback, SECRET } from './support/signed-request.js';

const ENV = { SINCH_WEBHOOK_SECRET: 'from-config-service', SINCH_WEBHOOK_PATH: 'config/sinch-hook' };

describe.each(PLATFORMS)('forRootAsync on %s', (platform) => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('takes the secret and the route from ConfigService (useFactory)', async () => {
    const texts: MoText[] = [];
    @Injectable()
    class Texts {
      @OnSinchCallback('mo_text')
      on(msg: MoText): void {
        texts.push(msg);
      }
    }
    running = await startNestApp(platform, {
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ENV] }),
        SinchInboundsModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService): SinchInboundsModuleOptions => ({
            webhook: {
              path: config.getOrThrow<string>('SINCH_WEBHOOK_PATH'),
              secret: config.getOrThrow<string>('SINCH_WEBHOOK_SECRET'),
            },
            logger: recordingLogger(),
          }),
        }),
      ],
      providers: [Texts],
    });
    const url = `${running.url}/config/sinch-hook`;
    const body = moTextJson({ body: 'via config' });
    expect((await postCallback(url, body, { secret: 'some-other-secret' })).status).toBe(401);
    expect((await postCallback(url, body, { secret: ENV.SINCH_WEBHOOK_SECRET })).status).toBe(200);
    expect(texts.map((t) => t.body)).toEqual(['via config']);
    // Nothing is mounted at the default path when another one is configured.
    expect((await postCallback(`${running.url}/sinch/callbacks`, body)).status).toBe(404);
    expect(running.app.get(SINCH_WEBHOOK_PATH)).toBe('config/sinch-hook');
  });

  it('builds the options with a class (useClass) that gets ConfigService injected', async () => {
    @Injectable()
    class SinchOptions implements SinchInboundsOptionsFactory {
      constructor(@Inject(ConfigService) private readonly config: ConfigService) {}
      async createSinchInboundsOptions(): Promise<SinchInboundsModuleOptions> {
        await Promise.resolve();
        return { webhook: { secret: this.config.getOrThrow<string>('SINCH_WEBHOOK_SECRET') }, logger: recordingLogger() };
      }
    }
    running = await startNestApp(platform, {
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ENV] }),
        SinchInboundsModule.forRootAsync({ imports: [ConfigModule], useClass: SinchOptions }),
      ],
    });
    const url = `${running.url}/sinch/callbacks`;
    expect((await postCallback(url, moTextJson(), { secret: ENV.SINCH_WEBHOOK_SECRET })).status).toBe(200);
    expect((await postCallback(url, moTextJson())).status).toBe(401);
  });

  it('reuses an options provider another module exports (useExisting)', async () => {
    @Injectable()
    class SharedSinchOptions implements SinchInboundsOptionsFactory {
      createSinchInboundsOptions(): SinchInboundsModuleOptions {
        return { webhook: { path: 'shared', secret: 'shared-secret' }, logger: recordingLogger() };
      }
    }
    @Module({ providers: [SharedSinchOptions], exports: [SharedSinchOptions] })
    class SharedOptionsModule {}
    running = await startNestApp(platform, {
      imports: [SinchInboundsModule.forRootAsync({ imports: [SharedOptionsModule], useExisting: SharedSinchOptions })],
    });
    expect((await postCallback(`${running.url}/shared`, moTextJson(), { secret: 'shared-secret' })).status).toBe(200);
  });

  it('with isGlobal, a feature module injects SinchInboundsService without importing the module', async () => {
    @Injectable()
    class Feature {
      constructor(@Inject(SinchInboundsService) readonly sinch: SinchInboundsService) {}
    }
    @Module({ providers: [Feature], exports: [Feature] })
    class FeatureModule {}
    running = await startNestApp(platform, {
      imports: [
        SinchInboundsModule.forRootAsync({ isGlobal: true, useFactory: () => ({ webhook: { secret: SECRET }, logger: recordingLogger() }) }),
        FeatureModule,
      ],
    });
    expect(running.app.get(Feature).sinch).toBeInstanceOf(SinchInboundsService);
  });
});

describe('the registered controller', () => {
  it('is a fresh subclass of SinchWebhookController per registration, so guards can recognise it', () => {
    const a = SinchInboundsModule.forRoot({ logger: recordingLogger() });
    const b = SinchInboundsModule.forRoot({ logger: recordingLogger() });
    const [controllerA] = a.controllers ?? [];
    const [controllerB] = b.controllers ?? [];
    expect(controllerA).not.toBe(controllerB);
    expect(controllerA?.prototype).toBeInstanceOf(SinchWebhookController);
    expect(controllerB?.prototype).toBeInstanceOf(SinchWebhookController);
  });
});

describe.each(PLATFORMS)('two apps at once on %s', (platform) => {
  const running: RunningApp[] = [];
  afterEach(async () => {
    for (const app of running.splice(0)) await app.close();
  });

  it('keep their own webhook paths, even when both exist before either maps its routes', async () => {
    // Both are created (options resolved, paths set) before either calls init(): a path
    // shared through one controller class would leak from the second into the first.
    const first = await createNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { path: 'one', secret: SECRET }, logger: recordingLogger() })],
    });
    const second = await createNestApp(platform, {
      imports: [SinchInboundsModule.forRootAsync({ useFactory: async () => ({ webhook: { path: 'two', secret: SECRET }, logger: recordingLogger() }) })],
    });
    const one = await listenNestApp(first);
    running.push(one);
    const two = await listenNestApp(second);
    running.push(two);
    expect((await postCallback(`${one.url}/one`, moTextJson(), { secret: SECRET })).status).toBe(200);
    expect((await postCallback(`${two.url}/two`, moTextJson(), { secret: SECRET })).status).toBe(200);
    expect((await postCallback(`${one.url}/two`, moTextJson())).status).toBe(404);
    expect((await postCallback(`${two.url}/one`, moTextJson())).status).toBe(404);
  });
});
