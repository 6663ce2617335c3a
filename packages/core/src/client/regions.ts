/** The Sinch SMS regions. `us` is Sinch's default. */
export type SinchRegion = 'us' | 'eu' | 'au' | 'br' | 'ca';

/** Every region, as a runtime list. */
export const SINCH_REGIONS: readonly SinchRegion[] = Object.freeze(['us', 'eu', 'au', 'br', 'ca'] as const);

/** The regions where project access keys (OAuth2) work; Sinch serves OAuth2 only there. */
export const OAUTH2_REGIONS: readonly SinchRegion[] = Object.freeze(['us', 'eu'] as const);

/** Sinch's OAuth2 token endpoint for project access keys. */
export const DEFAULT_AUTH_URL = 'https://auth.sinch.com/oauth2/token';

/** Whether a value is one of {@link SINCH_REGIONS}. */
export function isSinchRegion(value: unknown): value is SinchRegion {
  return typeof value === 'string' && (SINCH_REGIONS as readonly string[]).includes(value);
}

/**
 * The API origin of a region. OAuth2 (project) requests go to the `zt.` host, service
 * plan (API token) requests to the plain regional host (SPEC §2).
 */
export function regionBaseUrl(region: SinchRegion, oauth2: boolean): string {
  return `https://${oauth2 ? 'zt.' : ''}${region}.sms.api.sinch.com`;
}
