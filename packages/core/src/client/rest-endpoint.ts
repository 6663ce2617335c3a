import type { Authorizer } from './authorizer.js';
import { SinchApiError } from './errors.js';
import type { HttpAnswer } from './http-sender.js';
import type { RetryRule } from './attempt-outcome.js';
import { sendWithRetries, type Transport } from './transport.js';

/** Where the REST paths of one account start. */
export interface RestRoot {
  /** `{baseUrl}/xms/v1/{id}`, the id encoded. */
  url: string;
  /** The same without the origin, for error messages and logs. */
  path: string;
  /** The same with the owner named, not given (`/xms/v1/{service_plan_id}`), for diagnostics. */
  template: string;
}

/** One call to the REST API, relative to the account's root. */
export interface RestCall {
  method: 'GET' | 'POST';
  /** Path after the root, query included, every variable part already encoded. */
  path: string;
  /** The same with its variable parts named (`/inbounds/{inbound_id}`), for diagnostics. */
  template: string;
  /** Added to the label in errors and logs, e.g. ` (page 2)`; never a query value. */
  labelSuffix?: string;
  /** A JSON body. */
  body?: string;
  signal?: AbortSignal | undefined;
  /** Which failures may be sent again (see `OutgoingRequest.mayRetry`). */
  mayRetry?: RetryRule;
}

/**
 * Sends authorised calls to one account's REST API over the client's transport: the
 * `Authorization` header from the authorizer on every attempt, and one renewal and
 * resend after a 401 that says an OAuth2 token expired (the request was refused
 * unread, so resending it is safe even for a send).
 */
export class RestEndpoint {
  readonly #transport: Transport;
  readonly #authorizer: Authorizer;
  readonly #root: RestRoot;

  constructor(transport: Transport, authorizer: Authorizer, root: RestRoot) {
    this.#transport = transport;
    this.#authorizer = authorizer;
    this.#root = root;
  }

  /** Sends `call`; resolves with a 2xx answer. */
  async send(call: RestCall): Promise<HttpAnswer> {
    const label = `${call.method} ${this.#root.path}${call.path.split('?')[0]!}${call.labelSuffix ?? ''}`;
    let used = '';
    const headers = async (s: AbortSignal | undefined): Promise<Record<string, string>> => {
      used = await this.#authorizer.authorization(s);
      const out: Record<string, string> = { authorization: used, accept: 'application/json' };
      if (call.body !== undefined) out['content-type'] = 'application/json';
      return out;
    };
    const request = {
      method: call.method,
      url: `${this.#root.url}${call.path}`,
      label,
      urlTemplate: `${this.#root.template}${call.template}`,
      headers,
      ...(call.body === undefined ? {} : { body: call.body }),
      ...(call.signal === undefined ? {} : { signal: call.signal }),
      ...(call.mayRetry === undefined ? {} : { mayRetry: call.mayRetry }),
    };
    for (let renewed = false; ; renewed = true) {
      try {
        return await sendWithRetries(this.#transport, request);
      } catch (error) {
        if (
          !renewed &&
          error instanceof SinchApiError &&
          error.status === 401 &&
          this.#authorizer.renewAfter401(used, error.headers['www-authenticate'])
        ) {
          this.#transport.logger.debug('sinch-inbounds: access token expired, renewing once', { request: label });
          continue;
        }
        throw error;
      }
    }
  }
}
