import type { DedupeClaim, DedupeStore } from './dedupe-store.js';
import type { StoreHealth } from './store-health.js';
import { withStoreTimeout } from './store-timeout.js';

/** Tuning of {@link DedupeGate}. */
export interface DedupeGateOptions {
  /** How long a handled key is remembered. */
  ttlMs: number;
  /** How long a claim lasts before another process may take the key over. */
  leaseMs: number;
  /** How long a duplicate waits for the first copy's outcome. */
  waitMs: number;
  /** Longest wait for one store call before it counts as failed. */
  storeTimeoutMs: number;
  /** Told whether each store call answered, so an outage is logged once. */
  health: StoreHealth;
}

/**
 * What to do with a callback: `run` it (you hold the claim and must call `leave` with
 * the outcome, and how much longer than `ttlMs` a success must be remembered); answer
 * it as a `duplicate`; or fail it because the first copy failed (`first_failed`) or did
 * not finish in time (`timeout`), so Sinch delivers it again; or give up because the
 * caller's signal was `aborted` while waiting (nothing is held).
 */
export type GateDecision =
  | { kind: 'run'; leave: (ok: boolean, extraTtlMs?: number) => Promise<void> }
  | { kind: 'duplicate' }
  | { kind: 'first_failed' }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

interface LocalRun {
  promise: Promise<boolean>;
  settle: (ok: boolean) => void;
}

const POLL_START_MS = 10;
const POLL_MAX_MS = 500;

/**
 * Turns a {@link DedupeStore} into "never handle one key twice, never concurrently".
 * Copies in flight in this process are awaited directly; a claim held by another
 * process is polled until it resolves or `waitMs` passes.
 */
export class DedupeGate {
  readonly #store: DedupeStore;
  readonly #options: DedupeGateOptions;
  // key → settles with true (handled) or false (failed) when this process's claim ends.
  readonly #local = new Map<string, LocalRun>();

  constructor(store: DedupeStore, options: DedupeGateOptions) {
    this.#store = store;
    this.#options = options;
  }

  /**
   * Decides what to do with `key`; rejects only when the store itself fails. `signal`
   * (reconcile's) cuts a wait for another copy short: `aborted`, holding nothing.
   */
  async enter(key: string, signal?: AbortSignal): Promise<GateDecision> {
    const deadline = Date.now() + this.#options.waitMs;
    let delay = POLL_START_MS;
    for (;;) {
      if (signal?.aborted) return { kind: 'aborted' };
      // A copy handled in this process is waited for before asking the store: even if
      // its lease lapsed (a slow handler), this process never runs one key twice at once.
      const running = this.#local.get(key);
      if (running !== undefined) return this.#rideOn(running, deadline, signal);
      const claim = await this.#call(() => this.#store.claim(key, this.#options.leaseMs), 'claim()');
      if (claim === 'claimed') {
        let settle!: (ok: boolean) => void;
        const promise = new Promise<boolean>((resolve) => (settle = resolve));
        const run: LocalRun = { promise, settle };
        this.#local.set(key, run);
        return { kind: 'run', leave: (ok, extraTtlMs = 0) => this.#leave(key, run, ok, extraTtlMs) };
      }
      if (claim === 'done') return { kind: 'duplicate' };
      const local = this.#local.get(key);
      if (local !== undefined) return this.#rideOn(local, deadline, signal);
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'timeout' };
      await sleep(Math.min(delay, left), signal);
      delay = Math.min(delay * 2, POLL_MAX_MS);
    }
  }

  /** One store call, bounded by `storeTimeoutMs`, its outcome told to the health tracker. */
  async #call<T>(call: () => Promise<T>, what: string): Promise<T> {
    const { storeTimeoutMs, health } = this.#options;
    try {
      const value = await withStoreTimeout(call(), storeTimeoutMs, `dedupe store ${what}`);
      health.answered();
      return value;
    } catch (error) {
      health.failed(error);
      throw error;
    }
  }

  /** How long a handled key is remembered, in ms (`dedupeTtlMs`). */
  get ttlMs(): number {
    return this.#options.ttlMs;
  }

  /**
   * Since when (epoch ms) the store's memory is complete (see
   * `DedupeStore.rememberedSince`); `undefined` when the store cannot say. Rejects when
   * the store fails.
   */
  async rememberedSince(): Promise<number | undefined> {
    const store = this.#store;
    if (typeof store.rememberedSince !== 'function') return undefined;
    const since = await this.#call(() => store.rememberedSince!(), 'rememberedSince()');
    return typeof since === 'number' && Number.isFinite(since) ? since : undefined;
  }

  /**
   * Records `key` as handled by a run that had given its claim up (a handler that
   * finished after its timeout), unless someone else claimed it meanwhile. Answers what
   * the store said: `'claimed'` — nobody had, it is remembered now; `'done'` or
   * `'in_flight'` — another delivery has handled it or is handling it (a second run).
   * Rejects when the store fails.
   */
  async rememberLate(key: string, extraTtlMs = 0): Promise<DedupeClaim> {
    const { ttlMs, leaseMs } = this.#options;
    if (this.#local.has(key)) return 'in_flight';
    const claim = await this.#call(() => this.#store.claim(key, leaseMs), 'claim()');
    if (claim === 'claimed') await this.#call(() => this.#store.complete(key, ttlMs + Math.max(0, extraTtlMs)), 'complete()');
    return claim;
  }

  async #rideOn(run: LocalRun, deadline: number, signal: AbortSignal | undefined): Promise<GateDecision> {
    const ok = await settledBy(run.promise, deadline, signal);
    if (ok === undefined) return signal?.aborted ? { kind: 'aborted' } : { kind: 'timeout' };
    return ok ? { kind: 'duplicate' } : { kind: 'first_failed' };
  }

  /**
   * Ends a run: remembers the key as handled when `ok`, otherwise releases it so the
   * redelivery is handled. Rejects when the store fails; waiting duplicates get the
   * outcome either way.
   */
  async #leave(key: string, run: LocalRun, ok: boolean, extraTtlMs: number): Promise<void> {
    try {
      if (ok) await this.#call(() => this.#store.complete(key, this.#options.ttlMs + Math.max(0, extraTtlMs)), 'complete()');
      else await this.#call(() => this.#store.release(key), 'release()');
    } finally {
      if (this.#local.get(key) === run) this.#local.delete(key);
      run.settle(ok);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return settledBy(new Promise<void>(() => {}), Date.now() + ms, signal).then(() => undefined);
}

/** `promise`'s value, or `undefined` once `deadline` passes or `signal` aborts, whichever comes first. */
async function settledBy<T>(promise: Promise<T>, deadline: number, signal: AbortSignal | undefined): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const cut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
    // Node's timers have unref(); the web build's runtimes may not.
    (timer as { unref?: () => void }).unref?.();
    if (signal?.aborted) resolve(undefined);
    else if (signal !== undefined) {
      onAbort = () => resolve(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([promise, cut]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}
