import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ulid } from '@sinch-inbounds/core';
import type { WireInbound } from '../wire/wire-inbound.js';
import { BatchLedger } from './batch-ledger.js';
import { BatchProgress } from './batch-progress.js';
import type { SimulatedDeliveryFailure } from './batch-types.js';
import { FaultInjector } from './faults.js';
import { generateInbound, type InboundDefaults } from './generate-inbound.js';
import { InboundStore } from './inbound-store.js';
import { OAuthTokens } from './oauth-tokens.js';
import { randomSeed, seededRandom, seededUlid, type Random } from './random.js';
import { RestHandler } from './request-handler.js';
import { generateCallback } from './generate-callback.js';
import type {
  DeliveryRecord,
  RawItemOptions,
  RedeliverOptions,
  SentCallback,
  SimulatedCallbackInput,
  RequestRecord,
  SentInbound,
  SimulatedInboundInput,
  SimulatorOptions,
  SinchSimulator,
  WebhookTarget,
} from './types.js';
import { SINCH_DELIVERY_ATTEMPTS, WebhookDeliverer } from './webhook-delivery.js';
import { validateWebhookUrl } from './webhook-url.js';

/** Time between two statuses of a sent message (Queued → Dispatched → Delivered), before `timeScale`. */
const DELIVERY_REPORT_STEP_MS = 1000;

/** The number `send()` uses when no `to` is given (the SPEC §5 test number). */
export const DEFAULT_TO = '12017777777';
// seed() rotates over a few numbers so that `to` filters have something to select.
const SEED_NUMBERS = ['12017777777', '12017777778', '447700900000'];
// seed() spreads messages over this much of the past, inside the default 24 h list window.
const SEED_SPAN_MS = 20 * 60 * 60 * 1000;

/**
 * Starts a local Sinch on loopback: the inbounds REST API (bearer and OAuth2 modes), the
 * OAuth2 token endpoint and signed callback delivery with Sinch's retry policy. Close it
 * with `close()`.
 *
 * @throws {Error} with `code: 'EADDRINUSE'` when the port is taken, and `TypeError` /
 * `RangeError` for invalid options (a bad webhook URL, say).
 */
export async function startSinchSimulator(options: SimulatorOptions = {}): Promise<SinchSimulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer 0-65535, got ${port}`);
  const timeScale = options.timeScale ?? 1;
  if (!(Number.isFinite(timeScale) && timeScale >= 0)) throw new RangeError(`timeScale must be a number ≥ 0, got ${timeScale}`);
  const maxAttempts = options.maxDeliveryAttempts ?? SINCH_DELIVERY_ATTEMPTS;
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    throw new RangeError(`maxDeliveryAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  }
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  if (!(Number.isFinite(lifetime) && lifetime > 0)) throw new RangeError(`tokenLifetimeSeconds must be > 0, got ${lifetime}`);
  const timeoutMs = options.deliveryTimeoutMs ?? 10_000;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`deliveryTimeoutMs must be > 0, got ${timeoutMs}`);
  let webhook = checkWebhook(options.webhook);
  const redeliverySignature = options.redeliverySignature ?? 'fresh';
  if (redeliverySignature !== 'fresh' && redeliverySignature !== 'original') {
    throw new TypeError(`redeliverySignature must be 'fresh' or 'original', got ${JSON.stringify(redeliverySignature)}`);
  }

  const seed = options.seed ?? randomSeed();
  // Separate streams, so generating data never shifts the sequence of faults.
  const dataRandom = seededRandom(seed);
  const faultRandom = seededRandom(seed ^ 0x9e3779b9);
  const now = options.now ?? Date.now;
  const newId = options.seed === undefined ? (t: number) => ulid(t) : (t: number) => seededUlid(dataRandom, t);

  const servicePlanId = options.servicePlanId ?? hex(dataRandom, 32);
  const apiToken = options.apiToken ?? hex(dataRandom, 32);
  const projectId = options.projectId ?? uuid(dataRandom);
  const keyId = options.keyId ?? uuid(dataRandom);
  const keySecret = options.keySecret ?? hex(dataRandom, 40);

  const store = new InboundStore();
  const tokens = new OAuthTokens(lifetime, now);
  const faults = new FaultInjector(faultRandom, options.faults);
  const deliverer = new WebhookDeliverer({ timeScale, maxAttempts, timeoutMs, faults, onAttempt: options.onDeliveryAttempt, now: options.signatureNow });
  let requests: RequestRecord[] = [];
  const deliveries: DeliveryRecord[] = [];
  const settled = new Map<DeliveryRecord, Promise<DeliveryRecord>>();
  const latestDelivery = new Map<string, DeliveryRecord>();
  // What was first delivered under each id: the exact body, its type, and — once signed —
  // the original signed headers, which 'original' redeliveries send again unchanged.
  const firstDelivered = new Map<string, { body: string; type: string; signedHeaders?: Readonly<Record<string, string>> }>();
  // Callbacks posted with sendCallback() (not stored for the REST API), by their id.
  const callbacks = new Map<string, string>();
  // Sent batches, and the recipients whose messages fail (by number without its '+').
  const ledger = new BatchLedger();
  const failing = new Map<string, SimulatedDeliveryFailure>();
  const failRecipient = (number: string, failure: SimulatedDeliveryFailure = {}): void => {
    failing.set(number.replace(/^\+/, ''), failure);
  };
  for (const [number, failure] of Object.entries(options.failingRecipients ?? {})) failRecipient(number, failure);
  const progress = new BatchProgress({
    ledger,
    stepMs: DELIVERY_REPORT_STEP_MS * timeScale,
    now,
    failureFor: (recipient) => failing.get(recipient.replace(/^\+/, '')),
    post: (key, type, body, callbackUrl) => {
      callbacks.set(key, body);
      // A batch's own callback URL gets the account's signing secret, like the service plan's.
      const target = callbackUrl === undefined ? webhook : { url: callbackUrl, ...(webhook?.secret === undefined ? {} : { secret: webhook.secret }) };
      return target === undefined ? undefined : deliver(key, type, body, target, redeliverySignature);
    },
  });
  const handler = new RestHandler({
    servicePlanId,
    apiToken,
    projectId,
    accessKey: { keyId, keySecret },
    store,
    tokens,
    faults,
    batches: {
      ledger,
      accept(request) {
        const batch = ledger.add(newId(now()), request, now());
        progress.start(batch);
        try {
          options.onSent?.(batch.wire);
        } catch {
          // An observer's bug must not fail the send.
        }
        return batch.wire;
      },
    },
    now,
    record: (entry) => requests.push(entry),
  });

  const server = createServer(handler.listener);
  await listen(server, host, port);
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let closed: Promise<void> | undefined;

  const defaults = (receivedAtMs: number, to: string): InboundDefaults => ({
    random: dataRandom,
    newId,
    receivedAtMs,
    to,
    mediaBaseUrl: url,
  });

  const deliver = (id: string, type: string, body: string, target: WebhookTarget, signature: 'fresh' | 'original'): Promise<DeliveryRecord> => {
    let first = firstDelivered.get(id);
    let firstAttemptHeaders: Readonly<Record<string, string>> | undefined;
    if (first === undefined) {
      first = { body, type };
      firstDelivered.set(id, first);
      // The very first request is signed here, so that it can be sent again as it was.
      if (target.secret !== undefined) first.signedHeaders = firstAttemptHeaders = deliverer.sign(target.secret, body);
    }
    // 'original': every attempt sends the first request's headers; 'fresh': each attempt
    // after the first is signed anew.
    const signedHeaders = signature === 'original' && target.secret !== undefined ? (first.signedHeaders ??= deliverer.sign(target.secret, first.body)) : undefined;
    const { record, done } = deliverer.deliver({
      url: target.url,
      secret: target.secret,
      body: first.body,
      inboundId: id,
      type,
      signedHeaders,
      firstAttemptHeaders,
    });
    deliveries.push(record);
    settled.set(record, done);
    latestDelivery.set(id, record);
    return done;
  };

  const assertOpen = (what: string): void => {
    if (closed !== undefined) throw new Error(`sinch simulator: ${what}() called after close()`);
  };

  const simulator: SinchSimulator = {
    url,
    authUrl: `${url}/oauth2/token`,
    servicePlanId,
    apiToken,
    projectId,
    keyId,
    keySecret,

    async send(partial: SimulatedInboundInput = {}): Promise<SentInbound> {
      assertOpen('send');
      const { wire, receivedAtMs } = generateInbound(partial, defaults(now(), DEFAULT_TO));
      if (store.has(wire.id)) {
        throw new Error(`sinch simulator: an inbound with id ${JSON.stringify(wire.id)} is already stored; use redeliver() to send it again`);
      }
      store.add(wire, receivedAtMs);
      const stored = store.get(wire.id)!;
      const delivery = webhook === undefined ? undefined : deliver(stored.id, stored.type, JSON.stringify(stored), webhook, redeliverySignature);
      return { inbound: stored, delivery };
    },

    async sendCallback(input: SimulatedCallbackInput): Promise<SentCallback> {
      assertOpen('sendCallback');
      const callback = generateCallback(input, newId(now()), now());
      const id = typeof callback.id === 'string' && callback.id.length > 0 ? callback.id : `${callback.type as string}:${newId(now())}`;
      if (callbacks.has(id) || store.has(id)) {
        throw new Error(`sinch simulator: a callback with id ${JSON.stringify(id)} was sent already; use redeliver() to send it again`);
      }
      const body = JSON.stringify(callback);
      callbacks.set(id, body);
      const delivery = webhook === undefined ? undefined : deliver(id, callback.type as string, body, webhook, redeliverySignature);
      return { id, callback, delivery };
    },

    seed(count: number, template?: (i: number) => SimulatedInboundInput): void {
      assertOpen('seed');
      if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`seed: count must be an integer ≥ 0, got ${count}`);
      const start = now();
      const spacing = count === 0 ? 0 : Math.max(1, Math.min(60_000, Math.floor(SEED_SPAN_MS / count)));
      const firstSeq = store.reserveBatch(count);
      for (let i = 0; i < count; i++) {
        const input = template === undefined ? {} : template(i);
        const generated = generateInbound(input, defaults(start - (i + 1) * spacing, SEED_NUMBERS[i % SEED_NUMBERS.length]!));
        if (store.has(generated.wire.id)) {
          throw new Error(`seed: inbound ${i} has id ${JSON.stringify(generated.wire.id)}, which is already stored`);
        }
        store.add(generated.wire, generated.receivedAtMs, firstSeq - i);
      }
    },

    storeRawItem(item: unknown, rawOptions: RawItemOptions = {}): void {
      assertOpen('storeRawItem');
      const given = rawOptions.received_at ?? (item as { received_at?: unknown } | null)?.received_at;
      const ms = given instanceof Date ? given.getTime() : typeof given === 'string' ? Date.parse(given) : Number.NaN;
      store.addRaw(item, Number.isNaN(ms) ? now() : ms);
    },

    async redeliver(id: string, redeliverOptions: RedeliverOptions = {}): Promise<DeliveryRecord> {
      assertOpen('redeliver');
      const inbound = store.get(id);
      const body = inbound === undefined ? callbacks.get(id) : JSON.stringify(inbound);
      if (body === undefined) throw new Error(`redeliver: no stored inbound or sent callback has id ${JSON.stringify(id)}`);
      if (webhook === undefined) throw new Error('redeliver: no webhook is configured (pass webhook or call setWebhook())');
      const signature = redeliverOptions.signature ?? redeliverySignature;
      if (signature !== 'fresh' && signature !== 'original') throw new TypeError(`redeliver: signature must be 'fresh' or 'original'`);
      const type = inbound?.type ?? firstDelivered.get(id)?.type ?? String((JSON.parse(body) as { type?: unknown }).type);
      return deliver(id, type, body, webhook, signature);
    },

    inbounds: () => store.all(),
    clearInbounds: () => store.clear(),
    deliveries: () => deliveries.slice(),

    waitForDelivery(inboundId: string): Promise<DeliveryRecord> {
      const record = latestDelivery.get(inboundId);
      if (record === undefined) {
        return Promise.reject(new Error(`waitForDelivery: inbound ${JSON.stringify(inboundId)} was never delivered (is a webhook configured?)`));
      }
      return settled.get(record)!;
    },

    requests: () => requests.slice(),
    resetRequests: () => {
      requests = [];
    },
    setFaults: (next) => faults.set(next),
    setWebhook: (next) => {
      webhook = checkWebhook(next);
    },
    expireTokens: () => tokens.expireAll(),

    sent: () => ledger.all(),
    failRecipient,
    waitForDeliveryReports(batchId: string): Promise<readonly DeliveryRecord[]> {
      const done = progress.done(batchId);
      if (done === undefined) return Promise.reject(new Error(`waitForDeliveryReports: no batch ${JSON.stringify(batchId)} was sent`));
      return done;
    },

    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        progress.close();
        deliverer.close();
        handler.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
  return simulator;
}

function checkWebhook(webhook: WebhookTarget | undefined): WebhookTarget | undefined {
  if (webhook === undefined) return undefined;
  validateWebhookUrl(webhook.url);
  if (webhook.secret !== undefined && (typeof webhook.secret !== 'string' || webhook.secret.length === 0)) {
    throw new TypeError('webhook.secret must be a non-empty string (omit it to send unsigned callbacks)');
  }
  return webhook.secret === undefined ? { url: webhook.url } : { url: webhook.url, secret: webhook.secret };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(Object.assign(new Error(`port ${port} on ${host} is already in use; choose another port (0 picks a free one)`), { code: error.code }));
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(Object.assign(new Error(`cannot listen on host ${JSON.stringify(host)}: ${error.message}`), { code: error.code }));
      } else {
        reject(error);
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function hex(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

function uuid(random: Random): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}
