import { describe, expect, it } from 'vitest';
import { sinchWebhook, WebhookConfigurationError } from '../src/index.js';
import { SECRET, silentLogger } from './helpers.js';

describe('sinchWebhook(options) fails closed', () => {
  it('throws at once without a secret or basic auth, naming what to set', () => {
    for (const build of [() => sinchWebhook(), () => sinchWebhook({}), () => sinchWebhook({ secret: process.env.SINCH_TEST_UNSET_SECRET }), () => sinchWebhook({ secret: '' })]) {
      expect(build).toThrow(WebhookConfigurationError);
      expect(build).toThrow(/SINCH_WEBHOOK_SECRET.*basicAuth.*dangerouslyAllowUnauthenticated: true/);
    }
    expect(() => sinchWebhook({ dangerouslyAllowUnauthenticated: true, logger: silentLogger })).not.toThrow();
    expect(sinchWebhook({ secret: SECRET, logger: silentLogger }).receiver.maxBodyBytes).toBe(1024 * 1024);
  });
});
