import type { TextBatch } from '../types/batch.js';
import type { DeliveryReport } from '../types/delivery-report.js';
import type { InboundsPageItem } from '../types/inbounds-page-item.js';
import type { InboundsPage } from '../types/inbounds-page.js';
import { StaticTokenAuthorizer, type Authorizer } from './authorizer.js';
import { resolveClientOptions, type InboundsClientOptions } from './client-options.js';
import { listQueryString, toListQuery, type ListInboundsParams, type ListQuery } from './list-params.js';
import { OAuthTokenAuthorizer } from './oauth-token.js';
import { walkPages } from './page-walker.js';
import { WalkPosition } from './walk-position.js';
import type { SinchRegion } from './regions.js';
import { decodeInbound, decodeInboundsPage } from './response-decoder.js';
import { credentialSecrets } from './redaction.js';
import type { Transport } from './transport.js';
import { encodePathSegment } from './path-segment.js';
import { RestEndpoint } from './rest-endpoint.js';
import { getDeliveryReport, type GetDeliveryReportOptions } from './batches/get-delivery-report.js';
import { sendTextBatch } from './batches/send-text.js';
import { replyParams, type RepliedInbound, type ReplyOptions, type SendTextParams } from './batches/send-text-params.js';

/** Options of {@link InboundsClient.get}. */
export interface GetInboundOptions {
  /** Cancels the call, including retries and backoff waits, at once. */
  signal?: AbortSignal;
}

/**
 * A client for Sinch's inbounds REST API (SPEC §2): list, page through and fetch the
 * SMS people sent to your numbers — to backfill or reconcile what webhooks missed.
 * It also answers them (`reply`, `sendText`: Sinch's Batches endpoint, never resent by
 * a retry) and reads a reply's delivery report back (`getDeliveryReport`).
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
  /** Authorised calls under `{baseUrl}/xms/v1/{id}`. */
  readonly #rest: RestEndpoint;
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
    const basePath = new URL(config.baseUrl).pathname.replace(/\/$/, '');
    const ownerName = credentials.type === 'service_plan' ? '{service_plan_id}' : '{project_id}';
    this.#rest = new RestEndpoint(this.#transport, this.#authorizer, {
      url: `${config.baseUrl}/xms/v1/${encodeURIComponent(owner)}`,
      path: `${basePath}/xms/v1/${encodeURIComponent(owner)}`,
      template: `${basePath}/xms/v1/${ownerName}`,
    });
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
    const segment = encodePathSegment(inboundId, 'inboundId');
    const text = await this.#get(`/inbounds/${segment}`, '/inbounds/{inbound_id}', options?.signal);
    return decodeInbound(text);
  }

  /**
   * Answers an inbound SMS: sends `body` from the number it was sent to (`inbound.to`)
   * to the number that sent it (`inbound.from`) through Sinch's Batches endpoint, and
   * resolves with the batch Sinch created. Its `id` comes back as `batch_id` on every
   * delivery report of this reply (per recipient by default: `Queued`, `Dispatched`,
   * then `Delivered` or why not), with `client_reference` when you gave one.
   *
   * Never sent twice by a retry: see {@link InboundsClient.sendText}.
   *
   * @example
   * ```ts
   * receiver.on('mo_text', async (sms) => {
   *   const batch = await client.reply(sms, 'Thanks, we got it!', { clientReference: sms.id });
   *   await db.replies.insert({ batchId: batch.id, inboundId: sms.id });
   * });
   * ```
   *
   * @throws {InvalidParamsError} before any request when `inbound`, `body` or an option is invalid.
   */
  async reply(inbound: RepliedInbound, body: string, options?: ReplyOptions): Promise<TextBatch> {
    return sendTextBatch(this.#rest, replyParams(inbound, body, options));
  }

  /**
   * Sends a text to one or more numbers (`POST /xms/v1/{service_plan_id}/batches`) and
   * resolves with the batch Sinch created; its `id` is the `batch_id` of the delivery
   * reports. `deliveryReport` defaults to `'per_recipient'`.
   *
   * **Never sent twice because of a retry.** Sinch does not deduplicate sends, so only
   * what provably did not reach it is retried (within `maxRetries`): a connection
   * refused or a host name that did not resolve, and a 429 or 503 that carries
   * `Retry-After`. A timeout, a connection reset, any other 5xx or a network error after
   * connecting is thrown at once (`SinchTimeoutError`, `SinchNetworkError`,
   * `SinchApiError`): the text may or may not have been sent. To resend safely after
   * such an error, send with a `clientReference` of your own (unique per message) and,
   * before sending again, check whether a delivery report with that `client_reference`
   * arrived (or ask Sinch's delivery reports list for it); only when none did is the
   * resend not a duplicate.
   *
   * @throws {InvalidParamsError} before any request when a parameter is invalid.
   * @throws {SinchApiError} when Sinch refused the batch (400 with `code` and `text`, 401, 403…).
   * @throws {SentButUnreadableError} when Sinch accepted it but its answer has no readable id (it was sent).
   */
  sendText(params: SendTextParams): Promise<TextBatch> {
    return sendTextBatch(this.#rest, params);
  }

  /**
   * One batch's delivery report (`GET …/batches/{batch_id}/delivery_report`): counts per
   * status, with the recipients of each when `type: 'full'`. For checking afterwards;
   * the webhook receiver gets the same news as it happens.
   *
   * @throws {SinchApiError} with status 404 when Sinch does not know the batch.
   */
  getDeliveryReport(batchId: string, options?: GetDeliveryReportOptions): Promise<DeliveryReport> {
    return getDeliveryReport(this.#rest, batchId, options);
  }

  async #fetchPage(query: ListQuery, signal: AbortSignal | undefined): Promise<InboundsPage> {
    const text = await this.#get(`/inbounds${listQueryString(query)}`, '/inbounds', signal, query.page);
    return decodeInboundsPage(text);
  }

  async #get(path: string, template: string, signal: AbortSignal | undefined, page?: number): Promise<string> {
    const labelSuffix = page === undefined ? '' : ` (page ${page})`;
    return (await this.#rest.send({ method: 'GET', path, template, signal, labelSuffix })).text;
  }
}
