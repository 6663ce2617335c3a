import http from 'node:http';
import https from 'node:https';
import { signWebhook } from '@sinch-inbounds/core';
import type { FaultDecision, FaultInjector } from './faults.js';
import type { DeliveryAttempt, DeliveryRecord } from './types.js';
import { EarlyWakingSleeps } from './early-waking-sleeps.js';

/** Sinch's first retry comes 5 s after the first failure, then the delay doubles (SPEC §4). */
export const FIRST_RETRY_DELAY_MS = 5000;
/** First try plus 15 retries: the last retry comes 5 s · 2^14 = 81,920 s after the one before. */
export const SINCH_DELIVERY_ATTEMPTS = 16;

/** How deliveries are made. */
export interface DelivererOptions {
  /** Multiplies the retry delays. */
  timeScale: number;
  /** Attempts per callback, including the first. */
  maxAttempts: number;
  /** Time limit of one attempt, ms. */
  timeoutMs: number;
  /** Fault injection for the `webhook` route. */
  faults?: FaultInjector | undefined;
  /** Told about every finished attempt. */
  onAttempt?: ((record: DeliveryRecord, attempt: DeliveryAttempt) => void) | undefined;
  /** The clock signatures are timestamped with (epoch ms); default `Date.now`. */
  now?: (() => number) | undefined;
}

/** One callback to deliver. */
export interface CallbackDelivery {
  /** Webhook URL. */
  url: string;
  /** Signing secret; unsigned without it. */
  secret?: string | undefined;
  /** The exact JSON body. */
  body: string;
  /** The id the record is filed under. */
  inboundId: string;
  /** The callback's `type`, for the record; default `mo_text`. */
  type?: string | undefined;
  /**
   * Signature headers to send on every attempt, unchanged — the original signed request
   * redelivered as is. Without them (and with a `secret`), every attempt is signed afresh
   * with a new nonce and timestamp.
   */
  signedHeaders?: Readonly<Record<string, string>> | undefined;
  /** Signature headers for the first attempt only (later ones are signed afresh), so the caller knows the original request. */
  firstAttemptHeaders?: Readonly<Record<string, string>> | undefined;
}

type AttemptResult = { status: number } | { error: string };

/** The delay before retry number `retry` (0 = the first retry): 5 s · 2^retry · timeScale. */
export function retryDelayMs(retry: number, timeScale: number): number {
  return FIRST_RETRY_DELAY_MS * 2 ** retry * timeScale;
}

/**
 * Posts callbacks the way Sinch does: JSON, signed with a fresh nonce and timestamp per
 * attempt (or, given `signedHeaders`, the same signed request every time), retried on 5xx, 429 and network errors with 5 s · 2^k delays, dropped on any
 * other non-2xx answer, given up after `maxAttempts`.
 */
export class WebhookDeliverer {
  readonly #options: DelivererOptions;
  readonly #http = new http.Agent({ keepAlive: true });
  readonly #https = new https.Agent({ keepAlive: true });
  // Retry backoffs and status steps; close() wakes them so no await is left hanging.
  readonly #sleeps = new EarlyWakingSleeps();
  readonly #inFlight = new Set<http.ClientRequest>();
  readonly #pending = new Map<DeliveryRecord, () => void>();
  #closed = false;

  constructor(options: DelivererOptions) {
    this.#options = options;
  }

  /** Starts a delivery; the record is updated as attempts are made. */
  deliver(callback: CallbackDelivery): { record: DeliveryRecord; done: Promise<DeliveryRecord> } {
    const record: DeliveryRecord = {
      inboundId: callback.inboundId,
      type: callback.type ?? 'mo_text',
      url: callback.url,
      attempts: [],
      outcome: 'pending',
    };
    const done = new Promise<DeliveryRecord>((resolve) => {
      if (this.#closed) return resolve(record);
      this.#pending.set(record, () => resolve(record));
      void this.#run(callback, record).then(() => {
        this.#pending.delete(record);
        resolve(record);
      });
    });
    return { record, done };
  }

  /** The four signature headers for `body`, with a fresh nonce and this deliverer's clock as timestamp. */
  sign(secret: string, body: string): Record<string, string> {
    const now = this.#options.now ?? Date.now;
    return signWebhook({ secret, body, timestamp: Math.floor(now() / 1000) });
  }

  /** Stops retries and in-flight attempts; unfinished deliveries settle as `pending`. */
  close(): void {
    this.#closed = true;
    this.#sleeps.wakeAll();
    for (const req of this.#inFlight) req.destroy(new Error('simulator closed'));
    this.#inFlight.clear();
    for (const settle of this.#pending.values()) settle();
    this.#pending.clear();
    this.#http.destroy();
    this.#https.destroy();
  }

  async #run(callback: CallbackDelivery, record: DeliveryRecord): Promise<void> {
    const { maxAttempts, timeScale } = this.#options;
    let delayMs = 0;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (attempt > 0) {
        delayMs = retryDelayMs(attempt - 1, timeScale);
        await this.#sleeps.sleep(delayMs);
      }
      const decision = this.#options.faults?.decide('webhook') ?? { latencyMs: 0 };
      if (decision.latencyMs > 0) await this.#sleeps.sleep(decision.latencyMs);
      if (this.#closed) return;
      const entry: DeliveryAttempt = { at: Date.now(), delayMs };
      record.attempts.push(entry);
      const result = await this.#attempt(callback, decision, attempt === 0 ? callback.firstAttemptHeaders : undefined);
      if (this.#closed) {
        if ('error' in result) entry.error = result.error;
        return;
      }
      if ('error' in result) entry.error = result.error;
      else entry.status = result.status;
      const status = 'status' in result ? result.status : undefined;
      if (status !== undefined && status >= 200 && status < 300) record.outcome = 'delivered';
      else if (status !== undefined && status !== 429 && status < 500) record.outcome = 'dropped';
      else if (attempt === maxAttempts - 1) record.outcome = 'exhausted';
      this.#notify(record, entry);
      if (record.outcome !== 'pending') return;
    }
  }

  #notify(record: DeliveryRecord, attempt: DeliveryAttempt): void {
    try {
      this.#options.onAttempt?.(record, attempt);
    } catch {
      // An observer's bug must not break delivery.
    }
  }


  #attempt(callback: CallbackDelivery, decision: FaultDecision, given: Readonly<Record<string, string>> | undefined): Promise<AttemptResult> {
    return new Promise<AttemptResult>((resolve) => {
      let url: URL;
      try {
        url = new URL(callback.url);
      } catch {
        resolve({ error: `invalid URL ${JSON.stringify(callback.url)}` });
        return;
      }
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(callback.body)),
        'user-agent': 'sinch-inbounds-simulator',
      };
      const fixed = callback.signedHeaders ?? given;
      if (fixed !== undefined) Object.assign(headers, fixed);
      else if (callback.secret !== undefined) Object.assign(headers, this.sign(callback.secret, callback.body));
      const isHttps = url.protocol === 'https:';
      const req = (isHttps ? https : http).request(url, {
        method: 'POST',
        headers,
        agent: isHttps ? this.#https : this.#http,
      });
      this.#inFlight.add(req);
      let settled = false;
      const finish = (result: AttemptResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#inFlight.delete(req);
        resolve(result);
      };
      const timer = setTimeout(() => {
        req.destroy(new Error(`timed out after ${this.#options.timeoutMs} ms`));
      }, this.#options.timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => finish({ error: describeError(error) }));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => finish({ status: res.statusCode ?? 0 }));
        res.on('error', () => finish({ status: res.statusCode ?? 0 }));
        res.on('close', () => finish({ status: res.statusCode ?? 0 }));
      });
      const fault = decision.fault;
      const half = callback.body.slice(0, Math.max(1, Math.floor(callback.body.length / 2)));
      if (fault?.kind === 'drop') {
        // Send the headers (and maybe part of the body), then cut the connection.
        if (fault.at === 'body') req.write(half);
        else req.flushHeaders();
        setImmediate(() => req.destroy(new Error('connection dropped (fault injection)')));
      } else if (fault?.kind === 'stall') {
        // Hang mid-body until the attempt times out, like a stuck proxy.
        req.write(half);
      } else {
        req.end(callback.body);
      }
    });
  }
}

function describeError(error: NodeJS.ErrnoException): string {
  return error.code !== undefined ? `${error.code}: ${error.message}` : error.message;
}
