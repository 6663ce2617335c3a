import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DemoConfigError, readDemoConfig } from '../src/config/demo-config.js';

const SINCH = { SINCH_SERVICE_PLAN_ID: 'plan', SINCH_API_TOKEN: 'token', SINCH_REGION: 'EU', SINCH_WEBHOOK_SECRET: 'secret' };
const NAMES = Object.keys(SINCH) as (keyof typeof SINCH)[];

describe('readDemoConfig', () => {
  it('runs on the simulator, on 127.0.0.1:3000, when nothing is set', () => {
    expect(readDemoConfig({})).toEqual({ mode: 'simulator', port: 3000, host: '127.0.0.1', oneshot: false });
  });

  it('talks to Sinch with all four variables, the region lower-cased', () => {
    expect(readDemoConfig({ ...SINCH, DEMO_ONESHOT: '1', PORT: '0' })).toEqual({
      mode: 'sinch',
      servicePlanId: 'plan',
      apiToken: 'token',
      region: 'eu',
      webhookSecret: 'secret',
      port: 0,
      host: '127.0.0.1',
      oneshot: true,
    });
  });

  it('refuses any partial set of Sinch variables, naming exactly the missing ones', () => {
    fc.assert(
      fc.property(fc.subarray(NAMES, { minLength: 1, maxLength: NAMES.length - 1 }), (given) => {
        const env = Object.fromEntries(given.map((name) => [name, SINCH[name]]));
        const missing = NAMES.filter((name) => !given.includes(name));
        expect(() => readDemoConfig(env)).toThrow(DemoConfigError);
        expect(() => readDemoConfig(env)).toThrow(`(missing: ${missing.join(', ')})`);
      }),
    );
  });

  it('points the client at SINCH_BASE_URL in Sinch mode, and treats a blank one as unset', () => {
    expect(readDemoConfig({ ...SINCH, SINCH_BASE_URL: ' http://127.0.0.1:3210 ' })).toMatchObject({ mode: 'sinch', baseUrl: 'http://127.0.0.1:3210' });
    expect(readDemoConfig({ ...SINCH, SINCH_BASE_URL: '' })).not.toHaveProperty('baseUrl');
  });

  it('refuses SINCH_BASE_URL without the Sinch variables, and one that is not an http(s) URL', () => {
    expect(() => readDemoConfig({ SINCH_BASE_URL: 'http://127.0.0.1:3210' })).toThrow(/SINCH_BASE_URL only applies in Sinch mode/);
    for (const bad of ['127.0.0.1:3210', 'ftp://proxy', 'not a url']) {
      expect(() => readDemoConfig({ ...SINCH, SINCH_BASE_URL: bad })).toThrow(`SINCH_BASE_URL must be an http: or https: URL, got ${JSON.stringify(bad)}`);
    }
  });

  it('runs on the simulator with every value blank, as in a copied .env.example', () => {
    const blank = Object.fromEntries([...NAMES, 'SINCH_BASE_URL', 'PORT', 'HOST', 'DEMO_ONESHOT'].map((name) => [name, '']));
    expect(readDemoConfig(blank)).toEqual({ mode: 'simulator', port: 3000, host: '127.0.0.1', oneshot: false });
  });

  it('refuses an unknown region', () => {
    expect(() => readDemoConfig({ ...SINCH, SINCH_REGION: 'mars' })).toThrow(/SINCH_REGION must be one of .*got "mars"/);
  });

  it('accepts every port from 0 to 65535 and refuses anything else with a DemoConfigError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), (port) => {
        expect(readDemoConfig({ PORT: String(port) }).port).toBe(port);
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 65536 }).map(String), fc.integer({ max: -1 }).map(String), fc.string().filter((s) => !/^\s*\d*\s*$/.test(s))),
        (text) => {
          expect(() => readDemoConfig({ PORT: text })).toThrow(DemoConfigError);
        },
      ),
    );
  });
});
