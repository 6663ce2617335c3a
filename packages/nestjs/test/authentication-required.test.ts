import { ConfigModule, ConfigService } from '@nestjs/config';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SinchInboundsModule, WebhookConfigurationError, type SinchInboundsModuleOptions, type SinchWebhookModuleOptions } from '../src/index.js';
import { createNestApp, PLATFORMS, recordingLogger, startNestApp, type RunningApp } from './support/nest-app.js';
import { moTextJson, postCallback } from './support/signed-request.js';

/** Creates an app with `webhook` options and reports what creating it threw, if anything. */
async function creationError(webhook: SinchWebhookModuleOptions | undefined): Promise<unknown> {
  const options: SinchInboundsModuleOptions = { logger: recordingLogger() };
  if (webhook !== undefined) options.webhook = webhook;
  try {
    const app = await createNestApp('express', { imports: [SinchInboundsModule.forRoot(options)], options: { abortOnError: false } });
    await app.close();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('a webhook without authentication', () => {
  it('fails the app at module init, naming the option and the environment variable', async () => {
    const error = await creationError(undefined);
    expect(error).toBeInstanceOf(WebhookConfigurationError);
    expect(error).toMatchObject({ option: 'webhook.secret' });
    expect((error as Error).message).toMatch(/webhook\.secret.*SINCH_WEBHOOK_SECRET/);
    expect((error as Error).message).toContain('dangerouslyAllowUnauthenticated');
  });

  it.each([
    ['an undefined secret', { secret: undefined }],
    ['an empty secret', { secret: '' }],
    ['no secrets in a rotation list', { secret: [] }],
    ['only blank secrets in a rotation list', { secret: ['', ' \t'] }],
    ['an empty basicAuth list', { basicAuth: [] }],
    ['an explicit false opt-out', { dangerouslyAllowUnauthenticated: false }],
  ] satisfies [string, SinchWebhookModuleOptions][])('is refused with %s', async (_name, webhook) => {
    expect(await creationError(webhook)).toMatchObject({ name: 'WebhookConfigurationError', option: 'webhook.secret' });
  });

  it('is refused with any blank secret', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0') }), async (secret) => {
        expect(await creationError({ secret })).toBeInstanceOf(WebhookConfigurationError);
      }),
      { numRuns: 15 },
    );
  });

  it('is refused when forRootAsync reads an unset variable with ConfigService.get', async () => {
    const app = createNestApp('express', {
      imports: [
        SinchInboundsModule.forRootAsync({
          imports: [ConfigModule.forRoot({ ignoreEnvFile: true, ignoreEnvVars: true, load: [() => ({})] })],
          inject: [ConfigService],
          useFactory: (config: ConfigService): SinchInboundsModuleOptions => ({
            webhook: { secret: config.get<string>('SINCH_WEBHOOK_SECRET') },
            logger: recordingLogger(),
          }),
        }),
      ],
      options: { abortOnError: false },
    });
    await expect(app).rejects.toThrow(/SINCH_WEBHOOK_SECRET/);
  });

  it('starts with basic auth alone', async () => {
    expect(await creationError({ basicAuth: { username: 'sinch', password: 'pw' } })).toBeUndefined();
  });
});

describe.each(PLATFORMS)('dangerouslyAllowUnauthenticated on %s', (platform) => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('starts, and accepts an unsigned callback', async () => {
    running = await startNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { dangerouslyAllowUnauthenticated: true }, logger: recordingLogger() })],
    });
    expect((await postCallback(`${running.url}/sinch/callbacks`, moTextJson())).status).toBe(200);
  });
});
