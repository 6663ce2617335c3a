import { WebhookConfigurationError } from '@sinch-inbounds/core';

/**
 * Core's refusal of a webhook with no usable `secret` and no `basicAuth`, reworded for the
 * module: the option is `webhook.secret`, and the way to read it is `forRootAsync`. Any
 * other error is returned as it is. Core decides what counts as no secret (undefined,
 * empty, blank, an empty list); this only names the fix in Nest's terms.
 */
export function inModuleTerms(error: unknown): unknown {
  if (!(error instanceof WebhookConfigurationError) || error.option !== 'secret') return error;
  return new WebhookConfigurationError(
    'SinchInboundsModule: webhook.secret is not set (is SINCH_WEBHOOK_SECRET empty or missing?) and there is no ' +
      'webhook.basicAuth, so anyone could post forged SMS to the webhook. Pass the signing secret of your Sinch ' +
      "service plan as webhook.secret (e.g. config.getOrThrow('SINCH_WEBHOOK_SECRET') in forRootAsync), or " +
      'webhook.basicAuth; only if something in front of the app authenticates callbacks, ' +
      'webhook.dangerouslyAllowUnauthenticated: true.',
    { option: 'webhook.secret', cause: error },
  );
}
