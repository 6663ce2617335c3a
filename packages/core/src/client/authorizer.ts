/**
 * Supplies the `Authorization` header of REST requests: a fixed API token, or an OAuth2
 * access token that is fetched, cached and refreshed.
 */
export interface Authorizer {
  /** The header value for the next request, e.g. `Bearer …`. */
  authorization(signal: AbortSignal | undefined): Promise<string>;
  /**
   * Called with a 401 answer to a request sent with `used`. Returns true when a fresh
   * credential may fix it (an expired OAuth2 token), after dropping the stale one.
   */
  renewAfter401(used: string, wwwAuthenticate: string | undefined): boolean;
}

/** Service plan authentication: the API token is the bearer token, nothing to renew. */
export class StaticTokenAuthorizer implements Authorizer {
  readonly #header: string;

  constructor(apiToken: string) {
    this.#header = `Bearer ${apiToken}`;
  }

  authorization(): Promise<string> {
    return Promise.resolve(this.#header);
  }

  renewAfter401(): boolean {
    return false;
  }
}
