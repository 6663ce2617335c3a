import type { WireDeliveryReport, WireRecipientDeliveryReport, WireUnknownCallback } from '../fixtures/fixtures.js';
import type { WireInbound, WireMoMediaBody } from '../wire/wire-inbound.js';
import type { SimulatedDeliveryFailure, WireTextBatch } from './batch-types.js';

/** A date given to the simulator: an ISO-8601 string (kept verbatim on the wire) or a `Date`. */
export type DateInput = string | Date;

/** Optional fields common to every simulated inbound; what is omitted gets realistic defaults. */
export interface SimulatedInboundCommon {
  /** Message id; default a fresh ULID. Must be unique among stored inbounds. */
  id?: string;
  /** Sender MSISDN; default a generated US number. */
  from?: string;
  /** Your Sinch number; default `12017777777` for `send()`, a few rotating numbers for `seed()`. */
  to?: string;
  /** When Sinch received it; default now (for `seed()`, spread over the past hours). */
  received_at?: DateInput;
  /** When it left the handset; omitted by default. */
  sent_at?: DateInput;
  /** MCC+MNC; default `"311071"`. */
  operator_id?: string;
  /** Client reference of the MT it answers; omitted by default. */
  client_reference?: string;
}

/** A text SMS to simulate; `type` may be omitted (text is the default). */
export interface SimulatedMoTextInput extends SimulatedInboundCommon {
  type?: 'mo_text';
  /** The text; default a short realistic message. */
  body?: string;
}

/** A binary SMS to simulate. */
export interface SimulatedMoBinaryInput extends SimulatedInboundCommon {
  type: 'mo_binary';
  /** Base64 payload; default a few bytes. */
  body?: string;
  /** UDH as hex; default a concatenation header. */
  udh?: string;
}

/** An MMS to simulate. */
export interface SimulatedMoMediaInput extends SimulatedInboundCommon {
  type: 'mo_media';
  /** The MMS body; default a subject, a message and one uploaded image. */
  body?: WireMoMediaBody;
}

/** A partial wire inbound of any type; everything omitted gets realistic defaults. */
export type SimulatedInboundInput = SimulatedMoTextInput | SimulatedMoBinaryInput | SimulatedMoMediaInput;

/** One attempt to deliver a callback to the webhook URL. */
export interface DeliveryAttempt {
  /** When the attempt started (epoch ms, real clock). */
  at: number;
  /** The HTTP status the webhook answered, when it answered. */
  status?: number;
  /** What went wrong at the network level (refused, reset, timeout, injected drop…). */
  error?: string;
  /** How long the simulator waited before this attempt (0 for the first, then 5 s·2^k × timeScale). */
  delayMs: number;
}

/**
 * Where a delivery stands: `delivered` (a 2xx), `dropped` (a non-retryable answer such as
 * 400/401/404, as Sinch drops them), `exhausted` (every attempt failed with 5xx, 429 or
 * a network error), `pending` (still retrying — or the simulator was closed meanwhile).
 */
export type DeliveryOutcome = 'delivered' | 'dropped' | 'exhausted' | 'pending';

/** The history of one callback delivery. */
export interface DeliveryRecord {
  /** The `id` of the delivered inbound; for another callback, the id `sendCallback()` returned. */
  inboundId: string;
  /** The callback's `type` (`mo_text`, `recipient_delivery_report_sms`, an unknown type…). */
  type: string;
  /** The webhook URL it was posted to. */
  url: string;
  /** Every attempt so far, in order. */
  attempts: DeliveryAttempt[];
  /** Where the delivery stands. */
  outcome: DeliveryOutcome;
}

/** What `send()` returns: the stored inbound and, when a webhook is configured, its delivery. */
export interface SentInbound {
  /** The inbound as stored and served by the REST API (wire JSON). */
  inbound: WireInbound;
  /** Settles when the delivery is finished (never rejects); `undefined` without a webhook. */
  delivery: Promise<DeliveryRecord> | undefined;
}

/** The REST routes the simulator serves, as named in requests and fault options. */
export type SimulatorRoute = 'list' | 'get' | 'token' | 'batches' | 'delivery_report' | 'other';

/** One HTTP request the simulator's server handled. */
export interface RequestRecord {
  /** HTTP method. */
  method: string;
  /** The path, still percent-encoded, without the query string. */
  path: string;
  /** The query parameters, decoded (the last value wins when one is repeated). */
  query: Record<string, string>;
  /** The raw query string without `?`, exactly as received (to check client encoding). */
  rawQuery: string;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** Which route it hit. */
  route: SimulatorRoute;
  /** Status sent; 0 when no status line was sent (stalled, or dropped before headers). */
  status: number;
  /** The fault injected into this request, if any. */
  fault?: 'error' | 'rate_limit' | 'drop' | 'stall';
  /** When it arrived (epoch ms, real clock). */
  at: number;
}

/**
 * Faults for one route. Each request draws from the seeded random generator, so a
 * given seed gives the same sequence of faults. Rates are probabilities in 0..1 and are
 * checked in the order stall, drop, rate limit, error.
 */
export interface FaultRule {
  /** Share of requests answered with `errorStatus` and a `{code, text}` body. */
  errorRate?: number;
  /** Status for `errorRate`; default 503. */
  errorStatus?: number;
  /** Share of requests answered 429 with a `Retry-After` header. */
  rateLimitRate?: number;
  /** `Retry-After` seconds of those 429s; default 1. */
  retryAfterSeconds?: number;
  /** Delay added before every answer (or, for `webhook`, before every attempt), in ms. */
  latencyMs?: number;
  /**
   * Share of requests whose connection is destroyed mid-response (for `webhook`:
   * mid-request, which counts as a network error and is retried).
   */
  dropRate?: number;
  /** Where a drop happens: right after the headers, or after part of the body; default random. */
  dropAt?: 'headers' | 'body';
  /**
   * Share of requests never answered, until the client gives up or `close()` (for
   * `webhook`: the attempt sends part of the body and hangs until `deliveryTimeoutMs`).
   */
  stallRate?: number;
  /** Stop injecting faults into this route after this many (e.g. 2 = "fail twice, then work"). */
  maxFaults?: number;
}

/**
 * Fault injection per route. `all` applies to every route; a route's own rule overrides
 * it field by field. `errorRate` and `rateLimitRate` do not apply to `webhook` (the
 * simulator is the client there).
 */
export interface FaultOptions {
  /** Every route; a route's own rule overrides it field by field. */
  all?: FaultRule;
  /** `GET …/inbounds`. */
  list?: FaultRule;
  /** `GET …/inbounds/{id}`. */
  get?: FaultRule;
  /** `POST /oauth2/token`. */
  token?: FaultRule;
  /**
   * `POST …/batches` and `GET …/batches/{id}/delivery_report`. An error or rate limit
   * refuses a send (no batch is created); a drop or stall cuts the answer of a batch that
   * was created — the "may have been sent" case a client must not retry.
   */
  batches?: FaultRule;
  /** Callback delivery to the webhook URL. */
  webhook?: FaultRule;
}

/** Where `send()` delivers callbacks. */
export interface WebhookTarget {
  /** An `http:` or `https:` URL. */
  url: string;
  /** Signing secret; without it callbacks go out unsigned. */
  secret?: string;
}

/** Options of {@link startSinchSimulator}. */
export interface SimulatorOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port; default 0 (a random free port). */
  port?: number;
  /** Service plan id of the bearer-token mode (`/xms/v1/{servicePlanId}`); default generated. */
  servicePlanId?: string;
  /** API token of the bearer-token mode; default generated. */
  apiToken?: string;
  /** Project id of the OAuth2 mode (`/xms/v1/{projectId}`); default generated. */
  projectId?: string;
  /** OAuth2 access key id (HTTP Basic user of the token endpoint); default generated. */
  keyId?: string;
  /** OAuth2 access key secret; default generated. */
  keySecret?: string;
  /** Lifetime of issued OAuth2 access tokens in seconds; default 3600. */
  tokenLifetimeSeconds?: number;
  /** Where `send()` delivers callbacks, signed when a secret is given. */
  webhook?: WebhookTarget;
  /**
   * Recipients whose messages fail, by number (`+` optional), and how (default
   * `Aborted`, code 402); also settable later with `failRecipient()`. Every other
   * recipient's message is `Delivered`.
   */
  failingRecipients?: Readonly<Record<string, SimulatedDeliveryFailure>>;
  /** Multiplies Sinch's retry delays (5 s · 2^k) and the 1 s between a sent message's statuses; default 1; tests use e.g. 0.001. */
  timeScale?: number;
  /** Attempts per callback including the first; default 16 (the first try and 15 retries, the last 81,920 s after the one before), like Sinch. */
  maxDeliveryAttempts?: number;
  /**
   * How a callback is signed when it is delivered again — on a retry, and by
   * `redeliver()`. Sinch does not document which it does (SPEC §4), so a receiver must
   * be right either way:
   * - `'fresh'` (default): every attempt is signed anew, with a new nonce and timestamp;
   * - `'original'`: the original signed request is sent again unchanged — same nonce,
   *   same timestamp, however late — as when a proxy or Sinch replays what it stored.
   *
   * Signature timestamps come from `signatureNow`.
   */
  redeliverySignature?: 'fresh' | 'original';
  /** How long one delivery attempt may take before it counts as a network error; default 10 000 ms (not scaled). */
  deliveryTimeoutMs?: number;
  /** Fault injection; also settable later with `setFaults()`. */
  faults?: FaultOptions;
  /**
   * Called after every delivery attempt with the (live) record and that attempt, e.g. to
   * log retries as they happen. An exception it throws is ignored.
   */
  onDeliveryAttempt?: (record: DeliveryRecord, attempt: DeliveryAttempt) => void;
  /** Called with each batch the app sent, as answered (see `sent()`). An exception it throws is ignored. */
  onSent?: (batch: WireTextBatch) => void;
  /** Seed for deterministic faults and generated data (ids included); default random. */
  seed?: number;
  /** The clock in epoch ms (default `Date.now`): message dates, `start_date` default, token expiry. */
  now?: () => number;
  /**
   * The clock signature timestamps are taken from, epoch ms. Default `Date.now` — the real
   * clock, like your receiver's. Pass the receiver's clock when both run on a simulated
   * one (e.g. scaled like `timeScale`), so that hours of Sinch retries age signatures.
   */
  signatureNow?: () => number;
}

/**
 * A callback other than an inbound, for `sendCallback()`: one of the four delivery-report
 * types (fields omitted get realistic defaults), or any other `type` — a callback type
 * no library knows yet — posted exactly as given.
 */
export type SimulatedCallbackInput =
  | (Partial<Omit<WireDeliveryReport, 'type'>> & { type: WireDeliveryReport['type'] })
  | (Partial<Omit<WireRecipientDeliveryReport, 'type'>> & { type: WireRecipientDeliveryReport['type'] })
  | WireUnknownCallback;

/** What `sendCallback()` returns. */
export interface SentCallback {
  /** The id its deliveries are filed under (for `waitForDelivery` and `redeliver`): its `id` when it has a string one, else generated. */
  id: string;
  /** The exact JSON object posted. */
  callback: Readonly<Record<string, unknown>>;
  /** Settles when the delivery is finished (never rejects); `undefined` without a webhook. */
  delivery: Promise<DeliveryRecord> | undefined;
}

/** Options of `storeRawItem()`. */
export interface RawItemOptions {
  /** Where the item sorts in the newest-first list (and which date filters select it). */
  received_at?: DateInput;
}

/** Options of `redeliver()`. */
export interface RedeliverOptions {
  /** Send the original signed request again, or sign afresh; default the simulator's `redeliverySignature`. */
  signature?: 'fresh' | 'original';
}

/** A running simulator. Close it with `close()`. */
export interface SinchSimulator {
  /** Base URL, e.g. `http://127.0.0.1:PORT`; an `InboundsClient` takes it as `baseUrl`. */
  readonly url: string;
  /** `${url}/oauth2/token`, the OAuth2 token endpoint. */
  readonly authUrl: string;
  /** Service plan id of the bearer-token mode. */
  readonly servicePlanId: string;
  /** API token of the bearer-token mode. */
  readonly apiToken: string;
  /** Project id of the OAuth2 mode. */
  readonly projectId: string;
  /** OAuth2 access key id. */
  readonly keyId: string;
  /** OAuth2 access key secret. */
  readonly keySecret: string;
  /** Stores one inbound and, when a webhook is configured, delivers it there. */
  send(partial?: SimulatedInboundInput): Promise<SentInbound>;
  /**
   * Stores `count` inbounds at once without delivering them, `received_at` spread over
   * the past hours (inside the default 24 h list window) so newest-first order is well
   * defined. `template(i)` customises message `i` (0 = newest).
   */
  seed(count: number, template?: (i: number) => SimulatedInboundInput): void;
  /**
   * Puts any JSON value on the list pages as one item, served exactly as given — an
   * unknown `type` (`{ type: 'mo_unicode', … }`), a known type with an invalid field, even
   * a non-object — so a client's handling of items it cannot read is tested through a
   * real socket. It sorts by `options.received_at`, else its own `received_at` when that
   * is a date string, else now; it is filtered by its `to` and `client_reference` when
   * they are strings, and served by `GET …/inbounds/{id}` when it has a string `id`. It is
   * never delivered to the webhook and not part of `inbounds()`.
   */
  storeRawItem(item: unknown, options?: RawItemOptions): void;
  /**
   * Posts a delivery report (any of the four types) or a callback of any other type to
   * the webhook, signed and retried like an inbound; nothing is stored for the REST API.
   * Inbounds go through `send()` (a `mo_*` type here is a `TypeError`).
   */
  sendCallback(callback: SimulatedCallbackInput): Promise<SentCallback>;
  /**
   * Delivers a stored inbound (or a callback posted with `sendCallback()`) to the webhook
   * again, as Sinch sometimes does (a duplicate), with its own retries. With
   * `signature: 'original'` (or the simulator's `redeliverySignature: 'original'`) it is
   * the very request first delivered — same nonce, same timestamp.
   */
  redeliver(id: string, options?: RedeliverOptions): Promise<DeliveryRecord>;
  /** Everything stored, newest first (same `received_at`: latest stored first), as wire JSON. */
  inbounds(): readonly WireInbound[];
  /** Removes every stored inbound. */
  clearInbounds(): void;
  /** Every webhook delivery with its attempts, oldest first. */
  deliveries(): readonly DeliveryRecord[];
  /**
   * Resolves when the latest delivery of `inboundId` is finished (delivered, dropped or
   * exhausted; or `pending` if the simulator is closed first). Rejects when that inbound
   * was never delivered.
   */
  waitForDelivery(inboundId: string): Promise<DeliveryRecord>;
  /** Every HTTP request the server handled, oldest first. */
  requests(): readonly RequestRecord[];
  /** Forgets the recorded requests. */
  resetRequests(): void;
  /** Replaces the fault injection (`undefined` turns it off). */
  setFaults(faults: FaultOptions | undefined): void;
  /** Changes (or with `undefined` removes) where callbacks are delivered. */
  setWebhook(webhook: WebhookTarget | undefined): void;
  /** Makes every OAuth2 token issued so far expired, as if its lifetime had passed. */
  expireTokens(): void;
  /**
   * Every batch the app sent (`POST …/batches` answered 201), oldest first, as the
   * simulator answered it. Each message then goes `Queued` → `Dispatched` →
   * `Delivered` (or fails, see `failRecipient`), one step a second × `timeScale`, and
   * the delivery reports the batch asked for are posted, signed, to its `callback_url`
   * or else the webhook URL, retried like inbounds; `GET …/batches/{id}/delivery_report`
   * reads where it stands.
   */
  sent(): readonly WireTextBatch[];
  /** Makes messages to `number` (`+` optional) fail from now on, as `failure` says (default `Aborted`, code 402). */
  failRecipient(number: string, failure?: SimulatedDeliveryFailure): void;
  /**
   * Resolves when every delivery report of batch `batchId` was delivered (or given up),
   * with their deliveries in order. Rejects when no such batch was sent.
   */
  waitForDeliveryReports(batchId: string): Promise<readonly DeliveryRecord[]>;
  /** Stops the server, pending retries, stalled answers and timers. */
  close(): Promise<void>;
}
