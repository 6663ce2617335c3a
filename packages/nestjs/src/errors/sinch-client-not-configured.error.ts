/**
 * Thrown by `SinchInboundsService`'s REST methods when `SinchInboundsModule` was
 * configured without `client` options (a webhook-only setup).
 */
export class SinchClientNotConfiguredError extends Error {
  override readonly name = 'SinchClientNotConfiguredError';

  constructor(method: string) {
    super(
      `SinchInboundsService.${method}() needs API credentials: pass \`client\` options ` +
        '({ servicePlanId, apiToken, region } or { projectId, keyId, keySecret, region }) to ' +
        'SinchInboundsModule.forRoot() / forRootAsync().',
    );
  }
}
