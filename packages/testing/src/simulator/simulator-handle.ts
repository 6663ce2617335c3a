import type { CallbackOutbox } from './callback-outbox.js';
import type { FaultInjector } from './faults.js';
import { generateCallback } from './generate-callback.js';
import { generateInbound, type InboundDefaults } from './generate-inbound.js';
import type { InboundStore } from './inbound-store.js';
import type { OAuthTokens } from './oauth-tokens.js';
import type { Random } from './random.js';
import type { SentBatches } from './sent-batches.js';
import type { SimulatedAccount } from './simulated-account.js';
import { DEFAULT_TO, SEED_NUMBERS } from './simulated-numbers.js';
import { checkWebhook, type RedeliverySignature } from './simulator-settings.js';
import type {
  DeliveryRecord,
  RawItemOptions,
  RedeliverOptions,
  RequestRecord,
  SentCallback,
  SentInbound,
  SimulatedCallbackInput,
  SimulatedInboundInput,
  SinchSimulator,
} from './types.js';

// seed() spreads messages over this much of the past, inside the default 24 h list window.
const SEED_SPAN_MS = 20 * 60 * 60 * 1000;

/** The running parts of a simulator that its handle drives. */
export interface SimulatorParts {
  /** The server's base URL. */
  url: string;
  account: SimulatedAccount;
  store: InboundStore;
  tokens: OAuthTokens;
  faults: FaultInjector;
  outbox: CallbackOutbox;
  batches: SentBatches;
  /** The requests the REST server handled, appended to as they are. */
  requests: RequestRecord[];
  /** How `redeliver()` signs when not told. */
  redeliverySignature: RedeliverySignature;
  /** The stream generated data is drawn from. */
  random: Random;
  newId: (timeMs: number) => string;
  now: () => number;
  /** Stops every part; called once. */
  stop: () => Promise<void>;
}

/**
 * The {@link SinchSimulator} a test holds: sends inbounds and callbacks to the app,
 * stores what the REST API serves, and reads what happened, over the running `parts`.
 */
export function simulatorHandle(parts: SimulatorParts): SinchSimulator {
  const { url, account, store, tokens, faults, outbox, batches, requests, newId, now } = parts;
  let closed: Promise<void> | undefined;

  const defaults = (receivedAtMs: number, to: string): InboundDefaults => ({
    random: parts.random,
    newId,
    receivedAtMs,
    to,
    mediaBaseUrl: url,
  });

  const assertOpen = (what: string): void => {
    if (closed !== undefined) throw new Error(`sinch simulator: ${what}() called after close()`);
  };

  return {
    url,
    authUrl: `${url}/oauth2/token`,
    ...account,

    async send(partial: SimulatedInboundInput = {}): Promise<SentInbound> {
      assertOpen('send');
      const { wire, receivedAtMs } = generateInbound(partial, defaults(now(), DEFAULT_TO));
      if (store.has(wire.id)) {
        throw new Error(`sinch simulator: an inbound with id ${JSON.stringify(wire.id)} is already stored; use redeliver() to send it again`);
      }
      store.add(wire, receivedAtMs);
      const stored = store.get(wire.id)!;
      const delivery = outbox.postInbound(stored.id, stored.type, JSON.stringify(stored));
      return { inbound: stored, delivery };
    },

    async sendCallback(input: SimulatedCallbackInput): Promise<SentCallback> {
      assertOpen('sendCallback');
      const callback = generateCallback(input, newId(now()), now());
      const id = typeof callback.id === 'string' && callback.id.length > 0 ? callback.id : `${callback.type as string}:${newId(now())}`;
      if (outbox.sentCallback(id) !== undefined || store.has(id)) {
        throw new Error(`sinch simulator: a callback with id ${JSON.stringify(id)} was sent already; use redeliver() to send it again`);
      }
      const delivery = outbox.postCallback(id, callback.type as string, JSON.stringify(callback));
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
      const body = inbound === undefined ? outbox.sentCallback(id) : JSON.stringify(inbound);
      if (body === undefined) throw new Error(`redeliver: no stored inbound or sent callback has id ${JSON.stringify(id)}`);
      const webhook = outbox.webhook;
      if (webhook === undefined) throw new Error('redeliver: no webhook is configured (pass webhook or call setWebhook())');
      const signature = redeliverOptions.signature ?? parts.redeliverySignature;
      if (signature !== 'fresh' && signature !== 'original') throw new TypeError(`redeliver: signature must be 'fresh' or 'original'`);
      const type = inbound?.type ?? outbox.firstType(id) ?? String((JSON.parse(body) as { type?: unknown }).type);
      return outbox.deliver(id, type, body, webhook, signature);
    },

    inbounds: () => store.all(),
    clearInbounds: () => store.clear(),
    deliveries: () => outbox.deliveries(),

    waitForDelivery(inboundId: string): Promise<DeliveryRecord> {
      const settled = outbox.settledOf(inboundId);
      if (settled === undefined) {
        return Promise.reject(new Error(`waitForDelivery: inbound ${JSON.stringify(inboundId)} was never delivered (is a webhook configured?)`));
      }
      return settled;
    },

    requests: () => requests.slice(),
    resetRequests: () => {
      requests.length = 0;
    },
    setFaults: (next) => faults.set(next),
    setWebhook: (next) => {
      outbox.webhook = checkWebhook(next);
    },
    expireTokens: () => tokens.expireAll(),

    sent: () => batches.all(),
    failRecipient: (number, failure) => batches.failRecipient(number, failure),
    waitForDeliveryReports(batchId: string): Promise<readonly DeliveryRecord[]> {
      const done = batches.reportsOf(batchId);
      if (done === undefined) return Promise.reject(new Error(`waitForDeliveryReports: no batch ${JSON.stringify(batchId)} was sent`));
      return done;
    },

    close(): Promise<void> {
      closed ??= parts.stop();
      return closed;
    },
  };
}
