import type { Random } from './random.js';
import type { FaultOptions, FaultRule } from './types.js';

/** The routes faults can be injected into. */
export type FaultRoute = 'list' | 'get' | 'token' | 'webhook' | 'batches';

/** What to do to one request. */
export interface FaultDecision {
  latencyMs: number;
  fault?:
    | { kind: 'error'; status: number }
    | { kind: 'rate_limit'; retryAfterSeconds: number }
    | { kind: 'drop'; at: 'headers' | 'body' }
    | { kind: 'stall' };
}

const NO_FAULT: FaultDecision = Object.freeze({ latencyMs: 0 });

/**
 * Decides, per request, which fault to inject. One draw per request from the seeded
 * generator picks among stall, drop, rate limit and error by their rates, so a seed
 * reproduces the same sequence for the same sequence of requests.
 */
export class FaultInjector {
  readonly #random: Random;
  #options: FaultOptions | undefined;
  readonly #injected = new Map<FaultRoute, number>();

  constructor(random: Random, options: FaultOptions | undefined) {
    this.#random = random;
    this.set(options);
  }

  /** Replaces the fault options and restarts the `maxFaults` counters. */
  set(options: FaultOptions | undefined): void {
    if (options !== undefined) validate(options);
    this.#options = options;
    this.#injected.clear();
  }

  /** The fault (if any) and latency for the next request on `route`. */
  decide(route: FaultRoute): FaultDecision {
    const options = this.#options;
    if (options === undefined) return NO_FAULT;
    const rule: FaultRule = { ...options.all, ...options[route] };
    const latencyMs = rule.latencyMs ?? 0;
    const injected = this.#injected.get(route) ?? 0;
    if (rule.maxFaults !== undefined && injected >= rule.maxFaults) return { latencyMs };
    const stall = rule.stallRate ?? 0;
    const drop = rule.dropRate ?? 0;
    // The simulator is the client when delivering callbacks: it cannot answer itself with a status.
    const rateLimit = route === 'webhook' ? 0 : (rule.rateLimitRate ?? 0);
    const error = route === 'webhook' ? 0 : (rule.errorRate ?? 0);
    if (stall + drop + rateLimit + error === 0) return { latencyMs };
    const r = this.#random();
    let fault: FaultDecision['fault'];
    if (r < stall) fault = { kind: 'stall' };
    else if (r < stall + drop) fault = { kind: 'drop', at: rule.dropAt ?? (this.#random() < 0.5 ? 'headers' : 'body') };
    else if (r < stall + drop + rateLimit) fault = { kind: 'rate_limit', retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
    else if (r < stall + drop + rateLimit + error) fault = { kind: 'error', status: rule.errorStatus ?? 503 };
    if (fault === undefined) return { latencyMs };
    this.#injected.set(route, injected + 1);
    return { latencyMs, fault };
  }
}

function validate(options: FaultOptions): void {
  for (const [route, rule] of Object.entries(options)) {
    if (rule === undefined) continue;
    if (!['all', 'list', 'get', 'token', 'webhook', 'batches'].includes(route)) {
      throw new TypeError(`faults: unknown route ${JSON.stringify(route)} (use all, list, get, token, webhook or batches)`);
    }
    const r = rule as FaultRule;
    for (const key of ['errorRate', 'rateLimitRate', 'dropRate', 'stallRate'] as const) {
      const v = r[key];
      if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`faults.${route}.${key} must be between 0 and 1, got ${v}`);
    }
    const total = (r.errorRate ?? 0) + (r.rateLimitRate ?? 0) + (r.dropRate ?? 0) + (r.stallRate ?? 0);
    if (total > 1 + 1e-9) throw new RangeError(`faults.${route}: the rates add up to ${total}, more than 1`);
    if (r.errorStatus !== undefined && !(Number.isInteger(r.errorStatus) && r.errorStatus >= 400 && r.errorStatus <= 599)) {
      throw new RangeError(`faults.${route}.errorStatus must be an HTTP error status (400-599), got ${r.errorStatus}`);
    }
    for (const key of ['latencyMs', 'retryAfterSeconds', 'maxFaults'] as const) {
      const v = r[key];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`faults.${route}.${key} must be a number ≥ 0, got ${v}`);
    }
  }
}
