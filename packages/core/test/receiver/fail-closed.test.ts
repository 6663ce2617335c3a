import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, WebhookConfigurationError, type WebhookReceiverOptions } from '../../src/index.js';
import { moText, NOW, recordingLogger, SECRET, signed, silentLogger } from './fixtures.js';

const json = { 'content-type': 'application/json' };

function configurationError(options: WebhookReceiverOptions): WebhookConfigurationError {
  try {
    createWebhookReceiver({ logger: silentLogger, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookConfigurationError);
    return error as WebhookConfigurationError;
  }
  throw new Error(`createWebhookReceiver(${JSON.stringify(options)}) did not throw`);
}

describe('fail closed: no secret and no basic auth is refused at creation', () => {
  it.each<[string, WebhookReceiverOptions]>([
    ['no options at all', {}],
    ['secret undefined', { secret: undefined }],
    ['an empty secret', { secret: '' }],
    ['a whitespace-only secret', { secret: ' \t\n' }],
    ['an empty list of secrets', { secret: [] }],
    ['a list of only empty secrets', { secret: ['', '  '] }],
    ['an empty list of basic credentials', { basicAuth: [] }],
    ['basicAuth undefined', { secret: undefined, basicAuth: undefined }],
  ])('%s: a WebhookConfigurationError naming what to set', (_name, options) => {
    const error = configurationError(options);
    expect(error.kind).toBe('configuration');
    expect(error.option).toBe('secret');
    expect(error.message).toContain('SINCH_WEBHOOK_SECRET');
    expect(error.message).toContain('`secret`');
    expect(error.message).toContain('`basicAuth');
    expect(error.message).toContain('dangerouslyAllowUnauthenticated: true');
  });

  it('says when the secret was given but empty (an unset environment variable)', () => {
    expect(configurationError({ secret: '' }).message).toMatch(/^createWebhookReceiver: `secret` is empty and no `basicAuth` given/);
    expect(configurationError({}).message).toMatch(/^createWebhookReceiver: no `secret` and no `basicAuth` given/);
  });

  it('any whitespace-only secret, alone or in a list, counts as none', () => {
    const blank = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003'), maxLength: 8 });
    fc.assert(
      fc.property(fc.oneof(blank, fc.array(blank, { maxLength: 3 })), (secret) => {
        expect(configurationError({ secret }).option).toBe('secret');
      }),
    );
  });

  it('an empty secret behaves as an absent one when basic auth is set: basic auth alone decides', async () => {
    const basicAuth = { username: 'sinch', password: 'pw' };
    const authorization = `Basic ${Buffer.from('sinch:pw').toString('base64')}`;
    for (const secret of [undefined, '', '  ']) {
      const r = createWebhookReceiver({ secret, basicAuth, logger: silentLogger, now: () => NOW });
      r.on('mo_text', () => {});
      const body = moText();
      expect((await r.handle({ method: 'POST', headers: { ...json, authorization }, body })).status).toBe(200);
      expect((await r.handle({ method: 'POST', headers: json, body })).status).toBe(401);
    }
  });

  it('a secret refuses unsigned callbacks, whatever the opt-out says', async () => {
    const r = createWebhookReceiver({ secret: SECRET, dangerouslyAllowUnauthenticated: true, logger: silentLogger, now: () => NOW });
    r.on('mo_text', () => {});
    expect((await r.handle({ method: 'POST', headers: json, body: moText() })).status).toBe(401);
    const body = moText();
    expect((await r.handle({ method: 'POST', headers: signed(body), body })).status).toBe(200);
  });
});

describe('dangerouslyAllowUnauthenticated: true', () => {
  it('accepts unsigned callbacks, warning once at creation and once at the first request', async () => {
    const logger = recordingLogger();
    const r = createWebhookReceiver({ dangerouslyAllowUnauthenticated: true, logger });
    expect(logger.entries.map((e) => e.level)).toEqual(['warn']);
    expect(logger.entries[0]?.message).toMatch(/without authentication/);
    const handled: string[] = [];
    r.on('mo_text', (m) => void handled.push(m.id));
    for (const id of ['01UNSIGNED000000000000000A', '01UNSIGNED000000000000000B']) {
      expect((await r.handle({ method: 'POST', headers: json, body: moText(id) })).status).toBe(200);
    }
    expect(handled).toEqual(['01UNSIGNED000000000000000A', '01UNSIGNED000000000000000B']);
    const warnings = logger.entries.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[1]?.message).toMatch(/serving requests without authentication.*once per receiver/);
  });

  it('warns at the first request whichever entry point serves it', async () => {
    const logger = recordingLogger();
    const r = createWebhookReceiver({ dangerouslyAllowUnauthenticated: true, logger });
    r.on('mo_text', () => {});
    await r.fetch(new Request('http://127.0.0.1/sinch', { method: 'POST', headers: json, body: moText() }));
    await r.handle({ method: 'POST', headers: json, body: moText('01UNSIGNED000000000000000C') });
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(2);
  });
});
