import { randomBytes } from 'node:crypto';

/** The token endpoint's answer (OAuth2 client-credentials grant). */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'bearer';
  scope: string;
}

/** What a bearer token on `/xms/v1/{projectId}` turned out to be. */
export type TokenStatus = 'valid' | 'expired' | 'unknown';

/** Issues OAuth2 access tokens and remembers when each expires (on the simulator's clock). */
export class OAuthTokens {
  readonly #expiresAt = new Map<string, number>();
  readonly #lifetimeSeconds: number;
  readonly #now: () => number;

  constructor(lifetimeSeconds: number, now: () => number) {
    this.#lifetimeSeconds = lifetimeSeconds;
    this.#now = now;
  }

  /** A new access token. */
  issue(): TokenResponse {
    const token = `sim_${randomBytes(24).toString('base64url')}`;
    this.#expiresAt.set(token, this.#now() + this.#lifetimeSeconds * 1000);
    return { access_token: token, expires_in: this.#lifetimeSeconds, token_type: 'bearer', scope: '' };
  }

  /** Whether a presented token is valid, expired or was never issued. */
  check(token: string): TokenStatus {
    const expiresAt = this.#expiresAt.get(token);
    if (expiresAt === undefined) return 'unknown';
    return this.#now() < expiresAt ? 'valid' : 'expired';
  }

  /** Expires every token issued so far. */
  expireAll(): void {
    const past = this.#now() - 1;
    for (const token of this.#expiresAt.keys()) this.#expiresAt.set(token, past);
  }
}

/** Credentials of an OAuth2 access key. */
export interface AccessKey {
  keyId: string;
  keySecret: string;
}

/** The outcome of a token request: a status and a JSON body in OAuth2's error format. */
export interface TokenEndpointAnswer {
  status: number;
  body: TokenResponse | { error: string; error_description: string };
  headers?: Record<string, string>;
}

/**
 * Answers `POST /oauth2/token` like Sinch's auth server: client credentials in HTTP Basic
 * (or, as OAuth2 allows, `client_id`/`client_secret` in the form), form body
 * `grant_type=client_credentials`.
 */
export function answerTokenRequest(
  authorization: string | undefined,
  form: URLSearchParams,
  key: AccessKey,
  tokens: OAuthTokens,
): TokenEndpointAnswer {
  let id = form.get('client_id') ?? undefined;
  let secret = form.get('client_secret') ?? undefined;
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      id = decoded.slice(0, colon);
      secret = decoded.slice(colon + 1);
    }
  }
  if (id === undefined || secret === undefined) {
    return {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="sinch"' },
      body: { error: 'invalid_client', error_description: 'Client authentication is required (HTTP Basic key_id:key_secret)' },
    };
  }
  if (id !== key.keyId || secret !== key.keySecret) {
    return {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="sinch"' },
      body: { error: 'invalid_client', error_description: 'Unknown key id or wrong key secret' },
    };
  }
  const grant = form.get('grant_type');
  if (grant === null) {
    return { status: 400, body: { error: 'invalid_request', error_description: 'Missing form parameter grant_type' } };
  }
  if (grant !== 'client_credentials') {
    return {
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: `Only client_credentials is supported, got ${JSON.stringify(grant)}` },
    };
  }
  return { status: 200, body: tokens.issue() };
}
