import type { InboundsPageItem } from '../types/inbounds-page-item.js';
import type { InboundsPage } from '../types/inbounds-page.js';
import { StaticTokenAuthorizer, type Authorizer } from './authorizer.js';
import { resolveClientOptions, type InboundsClientOptions } from './client-options.js';
import { InvalidParamsError, SinchApiError } from './errors.js';
import { listQueryString, toListQuery, type ListInboundsParams, type ListQuery } from './list-params.js';
import { OAuthTokenAuthorizer } from './oauth-token.js';
import { walkPages } from './page-walker.js';
import { WalkPosition } from './walk-position.js';
import type { SinchRegion } from './regions.js';
import { decodeInbound, decodeInboundsPage } from './response-decoder.js';
import { credentialSecrets } from './redaction.js';
import { sendWithRetries, type Transport } from './transport.js';

/** Options of {@link InboundsClient.get}. */
export interface GetInboundOptions {
  /** Cancels the call, including retries and backoff waits, at once. */
  signal?: AbortSignal;
}

/**
 * A client for Sinch's inbounds REST API (SPEC §2): list, page through and fetch the
 * SMS people sent to your numbers — to backfill or reconcile what webhooks missed.
 *
 * Every query value and the id are percent-encoded; answers are decoded with core's
 * parsers; 429, 5xx, network errors and timeouts are retried with jittered exponential
 * backoff honouring `Retry-After`; every call takes an `AbortSignal`.
 *
 * @example
 * ```ts
 * const client = new InboundsClient({ servicePlanId, apiToken, region: 'eu' });
 * for await (const item of client.iterate({ startDate: '2024-06-01T00:00:00Z' })) {
 *   if (item.type === 'unknown_inbound' || item.type === 'unreadable_inbound') log(item.raw);
 *   else console.log(item.id, item.received_at);
 * }
 * ```
 */
export class InboundsClient {
  /** The region the client talks to. */
  readonly region: SinchRegion;
  readonly #transport: Transport;
  readonly #authorizer: Authorizer;
  /** `{baseUrl}/xms/v1/{id}`: everything before `/inbounds`. */
  readonly #root: string;
  /** The same, without the origin, for error messages and logs. */
  readonly #rootPath: string;
  /** The same with the owner named, not given (`/xms/v1/{service_plan_id}`), for diagnostics. */
  readonly #rootTemplate: string;
  readonly #prefetchPages: number;

  /**
   * @throws {SinchConfigError} at once when credentials are missing or contradictory,
   * a region does not support them, or another option is invalid.
   */
  constructor(options: InboundsClientOptions) {
    const config = resolveClientOptions(options);
    this.region = config.region;
    this.#prefetchPages = config.prefetchPages;
    this.#transport = {
      send: config.send,
      timeoutMs: config.timeoutMs,
      policy: config.policy,
      logger: config.logger,
      random: Math.random,
      secrets: credentialSecrets(config.credentials),
    };
    const { credentials } = config;
    const owner = credentials.type === 'service_plan' ? credentials.servicePlanId : credentials.projectId;
    this.#authorizer =
      credentials.type === 'service_plan'
        ? new StaticTokenAuthorizer(credentials.apiToken)
        : new OAuthTokenAuthorizer(
            { authUrl: config.authUrl, keyId: credentials.keyId, keySecret: credentials.keySecret },
            this.#transport,
          );
    this.#rootPath = `${new URL(config.baseUrl).pathname.replace(/\/$/, '')}/xms/v1/${encodeURIComponent(owner)}`;
    this.#root = `${config.baseUrl}/xms/v1/${encodeURIComponent(owner)}`;
    const ownerName = credentials.type === 'service_plan' ? '{service_plan_id}' : '{project_id}';
    this.#rootTemplate = `${new URL(config.baseUrl).pathname.replace(/\/$/, '')}/xms/v1/${ownerName}`;
  }

  /**
   * One page of inbound messages, newest first. Sends `page` and `pageSize` only when
   * given (Sinch's defaults: page 0, 30 per page).
   *
   * @throws {InvalidParamsError} before any request when a parameter is invalid.
   * An item this version cannot read does not fail the page: it stays in its place as
   * an `unknown_inbound` (a `type` it does not know) or `unreadable_inbound` (a known type
   * that fails validation, with the error) item that keeps the raw JSON.
   *
   * @throws {SinchApiError} / {SinchNetworkError} / {SinchTimeoutError} when the request fails after retries.
   * @throws {InboundParseError} when the answer is not a page at all (not JSON, no `count`, …).
   */
  async list(params?: ListInboundsParams): Promise<InboundsPage> {
    const query = toListQuery(params);
    return this.#fetchPage(query, params?.signal);
  }

  /**
   * Every page of a query in turn, starting at `params.page` (default 0), with
   * `pageSize` sent explicitly (default 100). Requests exactly as many pages as `count`
   * calls for (never an empty one past the end); fetches the next pages (`prefetchPages`,
   * default 2) while you work on this one, and fetches one again, after the page before
   * it, when messages arriving meanwhile may have shifted it. Without `startDate`, every
   * page asks for the 24 h before the walk began (by this machine's clock). Pages are
   * yielded as Sinch sent them, so arrivals can repeat messages on later pages; see
   * {@link InboundsClient.iterate} for the exactly-once guarantee.
   *
   * @throws {InvalidParamsError} at once (before iterating) when a parameter is invalid.
   */
  pages(params?: ListInboundsParams): AsyncIterable<InboundsPage> {
    const checked = toListQuery(params);
    const query = { ...checked, pageSize: checked.pageSize ?? 100 };
    const options = { prefetchPages: this.#prefetchPages, signal: params?.signal, now: Date.now };
    const fetchPage = (q: ListQuery, signal: AbortSignal): Promise<InboundsPage> => this.#fetchPage(q, signal);
    // Each `for await` starts a fresh walk, so the iterable can be looped over again.
    return { [Symbol.asyncIterator]: () => walkPages(fetchPage, query, options) };
  }

  /**
   * Every matching inbound item, newest first, page by page. Items this version cannot
   * read come in their place as `unknown_inbound` / `unreadable_inbound` (narrow by
   * `type`); the walk goes on past them.
   *
   * Guarantee: every message listed when the first page was answered is yielded exactly
   * once, in Sinch's order, however many new messages arrive while paging (which shifts
   * Sinch's newest-first pages), and no message is yielded twice. Without `startDate`
   * the window is the 24 h before the walk began, by this machine's clock, for every
   * page. Iterating from page 0 (the default) covers a snapshot: every message received
   * up to the newest one on the first page, to the end of that second. A message arriving
   * meanwhile is yielded if it belongs after where the walk has reached (in whole
   * seconds: then possibly after an older one of the same second), otherwise not —
   * iterate again with `startDate` set to the newest `received_at` you saw to catch up.
   * Repeats are recognised by id (only the ids of the second the walk has reached are
   * kept, so memory does not grow with the walk); an item without an id cannot be, and
   * one from that second may come twice.
   *
   * @throws {InvalidParamsError} at once (before iterating) when a parameter is invalid.
   */
  iterate(params?: ListInboundsParams): AsyncIterable<InboundsPageItem> {
    const pages = this.pages(params);
    const signal = params?.signal;
    return {
      async *[Symbol.asyncIterator]() {
        const position = new WalkPosition();
        for await (const page of pages) {
          for (const item of page.inbounds) {
            // An abort takes effect before the next item, not only at the next page.
            signal?.throwIfAborted();
            if (position.admit(item)) yield item;
          }
        }
      },
    };
  }

  /**
   * One inbound message by id. The id is percent-encoded into the path, so `../x` stays
   * a literal id and cannot reach another endpoint.
   *
   * @throws {InvalidParamsError} before any request when the id is empty, `.`/`..` or not a string.
   * An answer this version cannot read is returned, not thrown: an `unknown_inbound` or
   * `unreadable_inbound` item that keeps the raw JSON (or text).
   *
   * @throws {SinchApiError} with status 404 when Sinch does not know the id.
   */
  async get(inboundId: string, options?: GetInboundOptions): Promise<InboundsPageItem> {
    const segment = encodeId(inboundId);
    const text = await this.#get(`/inbounds/${segment}`, '/inbounds/{inbound_id}', options?.signal);
    return decodeInbound(text);
  }

  async #fetchPage(query: ListQuery, signal: AbortSignal | undefined): Promise<InboundsPage> {
    const text = await this.#get(`/inbounds${listQueryString(query)}`, '/inbounds', signal, query.page);
    return decodeInboundsPage(text);
  }

  async #get(path: string, template: string, signal: AbortSignal | undefined, page?: number): Promise<string> {
    const base = path.split('?')[0]!;
    // Query values (phone numbers, references) stay out of messages and logs.
    const label = `GET ${this.#rootPath}${base}${page === undefined ? '' : ` (page ${page})`}`;
    let used = '';
    const headers = async (s: AbortSignal | undefined): Promise<Record<string, string>> => {
      used = await this.#authorizer.authorization(s);
      return { authorization: used, accept: 'application/json' };
    };
    for (let renewed = false; ; renewed = true) {
      try {
        const request = {
          method: 'GET' as const,
          url: `${this.#root}${path}`,
          label,
          urlTemplate: `${this.#rootTemplate}${template}`,
          headers,
        };
        const answer = await sendWithRetries(this.#transport, signal === undefined ? request : { ...request, signal });
        return answer.text;
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

// `.` and `..` are dot segments even when percent-encoded (WHATWG URL), so no URL can
// carry them as an id; refuse them rather than request another resource.
function encodeId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) throw new InvalidParamsError('inboundId', 'must be a non-empty string');
  if (id === '.' || id === '..') throw new InvalidParamsError('inboundId', `"${id}" cannot be sent as an id`);
  try {
    return encodeURIComponent(id);
  } catch {
    throw new InvalidParamsError('inboundId', 'contains an unpaired UTF-16 surrogate');
  }
}
