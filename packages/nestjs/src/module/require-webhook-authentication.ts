import type { SinchWebhookModuleOptions } from '../options/sinch-inbounds-module-options.js';

/**
 * Fails the module's start-up when the webhook would accept anyone's callbacks: no
 * usable `secret` (undefined, empty or blank, e.g. an unset `SINCH_WEBHOOK_SECRET`) and
 * no `basicAuth`, without the explicit `dangerouslyAllowUnauthenticated: true`. Checked
 * here as well as in core so that a Nest app names its own option path in the error.
 */
export function requireWebhookAuthentication(webhook: SinchWebhookModuleOptions | undefined): void {
  if (webhook?.dangerouslyAllowUnauthenticated === true) return;
  if (hasSecret(webhook?.secret) || hasBasicAuth(webhook?.basicAuth)) return;
  throw new Error(
    'SinchInboundsModule: webhook.secret is not set (is SINCH_WEBHOOK_SECRET empty or missing?) and there is no ' +
      'webhook.basicAuth, so anyone could post forged SMS to the webhook. Pass the signing secret of your Sinch ' +
      "service plan as webhook.secret (e.g. config.getOrThrow('SINCH_WEBHOOK_SECRET') in forRootAsync), or " +
      'webhook.basicAuth; only for a local experiment, webhook.dangerouslyAllowUnauthenticated: true.',
  );
}

function hasSecret(secret: SinchWebhookModuleOptions['secret']): boolean {
  const secrets: readonly unknown[] = typeof secret === 'string' ? [secret] : (secret ?? []);
  return secrets.some((s) => typeof s === 'string' && s.trim() !== '');
}

function hasBasicAuth(basicAuth: SinchWebhookModuleOptions['basicAuth']): boolean {
  if (basicAuth === undefined) return false;
  return Array.isArray(basicAuth) ? basicAuth.length > 0 : true;
}
