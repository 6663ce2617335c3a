import { ulid } from '@sinch-inbounds/core';
import { CallbackOutbox } from './callback-outbox.js';
import { FaultInjector } from './faults.js';
import { InboundStore } from './inbound-store.js';
import { OAuthTokens } from './oauth-tokens.js';
import { randomSeed, seededRandom, seededUlid } from './random.js';
import { RestHandler } from './request-handler.js';
import { serveRest } from './rest-server.js';
import { SentBatches } from './sent-batches.js';
import { simulatedAccount } from './simulated-account.js';
import { checkSimulatorOptions } from './simulator-settings.js';
import { simulatorHandle } from './simulator-handle.js';
import type { RequestRecord, SimulatorOptions, SinchSimulator } from './types.js';
import { WebhookDeliverer } from './webhook-delivery.js';

/**
 * Starts a local Sinch on loopback: the inbounds REST API (bearer and OAuth2 modes), the
 * OAuth2 token endpoint and signed callback delivery with Sinch's retry policy. Close it
 * with `close()`.
 *
 * @throws {Error} with `code: 'EADDRINUSE'` when the port is taken, and `TypeError` /
 * `RangeError` for invalid options (a bad webhook URL, say).
 */
export async function startSinchSimulator(options: SimulatorOptions = {}): Promise<SinchSimulator> {
  const settings = checkSimulatorOptions(options);

  const seed = options.seed ?? randomSeed();
  // Separate streams, so generating data never shifts the sequence of faults.
  const dataRandom = seededRandom(seed);
  const faultRandom = seededRandom(seed ^ 0x9e3779b9);
  const now = options.now ?? Date.now;
  const newId = options.seed === undefined ? (t: number) => ulid(t) : (t: number) => seededUlid(dataRandom, t);
  const account = simulatedAccount(options, dataRandom);

  // What the REST API serves, and how it fails when told to.
  const store = new InboundStore();
  const tokens = new OAuthTokens(settings.tokenLifetimeSeconds, now);
  const faults = new FaultInjector(faultRandom, options.faults);

  // What the simulator posts to the app: inbounds, callbacks, and the delivery reports of what the app sent.
  const outbox = new CallbackOutbox(
    new WebhookDeliverer({
      timeScale: settings.timeScale,
      maxAttempts: settings.maxDeliveryAttempts,
      timeoutMs: settings.deliveryTimeoutMs,
      faults,
      onAttempt: options.onDeliveryAttempt,
      now: options.signatureNow,
    }),
    settings.webhook,
    settings.redeliverySignature,
  );
  const batches = new SentBatches({
    timeScale: settings.timeScale,
    now,
    newId,
    failingRecipients: options.failingRecipients,
    onSent: (batch) => options.onSent?.(batch),
    post: (key, type, body, callbackUrl) => outbox.postReport(key, type, body, callbackUrl),
  });

  const requests: RequestRecord[] = [];
  const rest = new RestHandler({
    servicePlanId: account.servicePlanId,
    apiToken: account.apiToken,
    projectId: account.projectId,
    accessKey: { keyId: account.keyId, keySecret: account.keySecret },
    store,
    tokens,
    faults,
    batches,
    now,
    record: (entry) => requests.push(entry),
  });
  const server = await serveRest(rest, settings.host, settings.port);

  return simulatorHandle({
    url: server.url,
    account,
    store,
    tokens,
    faults,
    outbox,
    batches,
    requests,
    redeliverySignature: settings.redeliverySignature,
    random: dataRandom,
    newId,
    now,
    stop: () => {
      batches.close();
      outbox.close();
      return server.close();
    },
  });
}
