import { platformBytes } from '../platform/bytes.js';
import { SinchAuthError } from './errors.js';
import type { Authorizer } from './authorizer.js';
import { sendWithRetries, withoutQuery, type Transport } from './transport.js';

/** Where and with which project access key to get OAuth2 tokens. */
export interface OAuthTokenSource {
  authUrl: string;
  keyId: string;
  keySecret: string;
}

interface CachedToken {
  header: string;
  /** Epoch ms after which the token is renewed before use. */
  renewAt: number;
}

/**
 * OAuth2 client-credentials tokens for project access keys (SPEC §2). A token is cached
 * until shortly before it expires (10% of its lifetime, at most a minute, early), and
 * concurrent callers share one refresh. The refresh itself is cancelled only when every
 * caller waiting on it has aborted, so one caller's abort never fails the others.
 */
export class OAuthTokenAuthorizer implements Authorizer {
  readonly #source: OAuthTokenSource;
  readonly #transport: Transport;
  readonly #now: () => number;
  #cached: CachedToken | undefined;
  #refresh: { promise: Promise<CachedToken>; controller: AbortController; waiters: number } | undefined;

  constructor(source: OAuthTokenSource, transport: Transport, now: () => number = Date.now) {
    this.#source = source;
    this.#transport = transport;
    this.#now = now;
  }

  async authorization(signal: AbortSignal | undefined): Promise<string> {
    signal?.throwIfAborted();
    const cached = this.#cached;
    if (cached !== undefined && this.#now() < cached.renewAt) return cached.header;
    return (await this.#join(signal)).header;
  }

  renewAfter401(used: string, wwwAuthenticate: string | undefined): boolean {
    if (wwwAuthenticate === undefined || !/expired/i.test(wwwAuthenticate)) return false;
    // Only drop the token that failed: a concurrent caller may already have renewed it.
    if (this.#cached?.header === used) this.#cached = undefined;
    return true;
  }

  #join(signal: AbortSignal | undefined): Promise<CachedToken> {
    let refresh = this.#refresh;
    // A refresh every earlier caller abandoned is being cancelled: start a new one.
    if (refresh === undefined || refresh.controller.signal.aborted) {
      const controller = new AbortController();
      const promise = this.#fetchToken(controller.signal).then(
        (token) => {
          this.#cached = token;
          return token;
        },
      );
      promise
        .catch(() => {})
        .finally(() => {
          if (this.#refresh?.promise === promise) this.#refresh = undefined;
        });
      refresh = { promise, controller, waiters: 0 };
      this.#refresh = refresh;
    }
    const shared = refresh;
    shared.waiters++;
    return new Promise<CachedToken>((resolve, reject) => {
      const onAbort = (): void => {
        reject(signal?.reason);
        if (--shared.waiters === 0) shared.controller.abort(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (token) => {
          signal?.removeEventListener('abort', onAbort);
          shared.waiters--;
          resolve(token);
        },
        (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          shared.waiters--;
          reject(error);
        },
      );
    });
  }

  async #fetchToken(signal: AbortSignal): Promise<CachedToken> {
    const requestedAt = this.#now();
    const basic = platformBytes.base64FromText(`${this.#source.keyId}:${this.#source.keySecret}`);
    const answer = await sendWithRetries(this.#transport, {
      method: 'POST',
      url: this.#source.authUrl,
      label: `POST ${safePath(this.#source.authUrl)}`,
      urlTemplate: pathOf(this.#source.authUrl),
      headers: () => ({
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      }),
      body: 'grant_type=client_credentials',
      signal,
    });
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      throw new SinchAuthError('The OAuth2 token endpoint answered 200 with a body that is not JSON');
    }
    const obj = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
    const token = obj.access_token;
    const expiresIn = obj.expires_in;
    if (typeof token !== 'string' || token === '') {
      throw new SinchAuthError('The OAuth2 token endpoint answered without an access_token');
    }
    // expires_in is optional in RFC 6749; without it, assume a short life and renew often.
    const lifetimeMs = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 60_000;
    const margin = Math.min(60_000, lifetimeMs / 10);
    this.#transport.logger.debug('sinch-inbounds: OAuth2 token obtained', { expiresInSeconds: lifetimeMs / 1000 });
    return { header: `Bearer ${token}`, renewAt: requestedAt + lifetimeMs - margin };
  }
}

// The URL without any user:password part or query, for error messages.
function safePath(url: string): string {
  return withoutQuery(url) || 'OAuth2 token endpoint';
}

// The token endpoint's path: fixed, so it is its own template.
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
