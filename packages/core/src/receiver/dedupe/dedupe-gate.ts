import type { DedupeClaim, DedupeStore } from './dedupe-store.js';
import type { StoreHealth } from '../stores/store-health.js';
import { syncDedupeStoreOf, type SyncDedupeStore } from './sync-dedupe-store.js';
import { withStoreTimeout } from '../stores/store-timeout.js';
import { andThenWith, type Later } from '../async/run-now-or-later.js';

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
 * What to do with a callback: `run` it (you hold the claim and must end it with
 * {@link DedupeGate.leave}, saying how it went); answer it as a `duplicate`; or fail it
 * because the first copy failed (`first_failed`) or did not finish in time (`timeout`),
 * so Sinch delivers it again; or give up because the caller's signal was `aborted`
 * while waiting (nothing is held).
 */
export type GateDecision =
  | { kind: 'run'; run: GateRun }
  | { kind: 'duplicate' }
  | { kind: 'first_failed' }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/** A claim this process holds on a key; see {@link DedupeGate.leave}. */
export interface GateRun {
  readonly key: string;
}

interface LocalRun extends GateRun {
  // Made only when a second copy waits on this one: most runs are never waited on.
  waiting: Promise<boolean> | undefined;
  settle: ((ok: boolean) => void) | undefined;
  // Set when an earlier copy's timed-out handlers succeeded while this run held the key
  // (the TTL that success is remembered for): the run then ends as done whatever its
  // own handlers do, so its failure cannot erase that success.
  lateDoneTtlMs: number | undefined;
  // The gate's map of runs, which this run leaves when it ends, and how it ended.
  readonly owner: Map<string, LocalRun>;
  done: boolean;
}

/** One copy's way into the gate: what its attempts need, handed along rather than captured. */
interface Entry {
  readonly gate: DedupeGate;
  readonly key: string;
  readonly deadline: number;
  /** The next wait between polls of another process's claim; doubles up to POLL_MAX_MS. */
  delay: number;
  readonly signal: AbortSignal | undefined;
}

// The answers that carry nothing, shared rather than made per callback.
const DUPLICATE: GateDecision = Object.freeze({ kind: 'duplicate' });
const FIRST_FAILED: GateDecision = Object.freeze({ kind: 'first_failed' });
const TIMEOUT: GateDecision = Object.freeze({ kind: 'timeout' });
const ABORTED: GateDecision = Object.freeze({ kind: 'aborted' });

const POLL_START_MS = 10;
const POLL_MAX_MS = 500;

/**
 * Turns a {@link DedupeStore} into "never handle one key twice, never concurrently".
 * Copies in flight in this process are awaited directly; a claim held by another
 * process is polled until it resolves or `waitMs` passes. A store with a synchronous
 * face (the in-memory one) is asked synchronously: a new key is then decided without
 * a promise.
 */
export class DedupeGate {
  readonly #store: DedupeStore;
  readonly #sync: SyncDedupeStore | undefined;
  readonly #options: DedupeGateOptions;
  // key → this process's claim on it, until the claim ends.
  readonly #local = new Map<string, LocalRun>();

  constructor(store: DedupeStore, options: DedupeGateOptions) {
    this.#store = store;
    this.#sync = syncDedupeStoreOf(store);
    this.#options = options;
  }

  /**
   * Decides what to do with `key` — synchronously when the store can answer so and the
   * key is new or done; rejects (or throws) only when the store itself fails. `signal`
   * (reconcile's) cuts a wait for another copy short: `aborted`, holding nothing.
   */
  enter(key: string, signal?: AbortSignal): Later<GateDecision> {
    return this.#attempt(this.#entry(key, signal));
  }

  /**
   * {@link enter}, from the store's answer to a claim of `key` made already (together
   * with a nonce, in one step: see `DedupeStore.claimWithNonce`): the key is not claimed
   * again, unless another copy's claim must be waited out.
   */
  decide(key: string, claim: DedupeClaim, signal?: AbortSignal): Later<GateDecision> {
    return this.#claimAnswered(this.#entry(key, signal), claim);
  }

  #entry(key: string, signal: AbortSignal | undefined): Entry {
    return { gate: this, key, deadline: Date.now() + this.#options.waitMs, delay: POLL_START_MS, signal };
  }

  #attempt(entry: Entry): Later<GateDecision> {
    if (entry.signal?.aborted) return ABORTED;
    // A copy handled in this process is waited for before asking the store: even if
    // its lease lapsed (a slow handler), this process never runs one key twice at once.
    const running = this.#local.get(entry.key);
    if (running !== undefined) return this.#rideOn(running, entry.deadline, entry.signal);
    return andThenWith(this.#claim(entry.key), entry, DedupeGate.#answered);
  }

  static #answered(entry: Entry, claim: DedupeClaim): Later<GateDecision> {
    return entry.gate.#claimAnswered(entry, claim);
  }

  #claimAnswered(entry: Entry, claim: DedupeClaim): Later<GateDecision> {
    const { key, deadline, signal } = entry;
    if (claim === 'claimed') return this.#claimed(key);
    if (claim === 'done') return DUPLICATE;
    // Claimed by another copy: this process's (ride on it), or another's, or one this
    // process no longer tracks (a run whose handlers timed out): wait for its lease.
    const local = this.#local.get(key);
    if (local !== undefined) return this.#rideOn(local, deadline, signal);
    const left = deadline - Date.now();
    if (left <= 0) return TIMEOUT;
    return sleep(Math.min(entry.delay, left), signal).then(() => {
      entry.delay = Math.min(entry.delay * 2, POLL_MAX_MS);
      return this.#attempt(entry);
    });
  }

  #claimed(key: string): GateDecision {
    const run: LocalRun = { key, waiting: undefined, settle: undefined, lateDoneTtlMs: undefined, owner: this.#local, done: false };
    this.#local.set(key, run);
    return { kind: 'run', run };
  }

  /**
   * Ends a run: remembers its key as handled when `ok` (for `ttlMs` plus `extraTtlMs`),
   * otherwise releases it so the redelivery is handled — unless an earlier copy's late
   * success was recorded meanwhile (see {@link rememberLate}): that stands, and the run
   * ends as done. Synchronous with a synchronous store; throws (or rejects) when the
   * store fails. Waiting duplicates get the outcome either way.
   */
  leave(run: GateRun, ok: boolean, extraTtlMs = 0): Later<void> {
    const local = run as LocalRun;
    const late = local.lateDoneTtlMs;
    local.done = ok || late !== undefined;
    const ttlMs = this.#doneTtlMs(ok, extraTtlMs, late);
    let written: Later<void>;
    try {
      written = local.done ? this.#complete(local.key, ttlMs) : this.#release(local.key);
    } catch (error) {
      ended(local);
      throw error;
    }
    return andThenWith(written, local, ended, endedAfterFailure);
  }

  /** How long a run's key is remembered as done: its own success's TTL, or a late success's, whichever is longer. */
  #doneTtlMs(ok: boolean, extraTtlMs: number, late: number | undefined): number {
    const own = ok ? this.#options.ttlMs + Math.max(0, extraTtlMs) : 0;
    return late === undefined ? own : Math.max(own, late);
  }


  // The gate's own calls: answered at once by a store with a synchronous face (in
  // process: no outage to track, no timeout to race), else through #call.
  #claim(key: string): Later<DedupeClaim> {
    const sync = this.#sync;
    return sync === undefined ? this.#call(() => this.#store.claim(key, this.#options.leaseMs), 'claim()') : sync.claim(key, this.#options.leaseMs);
  }

  #complete(key: string, ttlMs: number): Later<void> {
    const sync = this.#sync;
    return sync === undefined ? this.#call(() => this.#store.complete(key, ttlMs), 'complete()') : sync.complete(key, ttlMs);
  }

  #release(key: string): Later<void> {
    const sync = this.#sync;
    return sync === undefined ? this.#call(() => this.#store.release(key), 'release()') : sync.release(key);
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
   * What the store's memory can vouch with: since when it is complete (see
   * {@link rememberedSince}) and the largest clock lead recorded with it, after recording
   * `aheadMs` (see `DedupeStore.recordClockLead`; a store without it answers `aheadMs`).
   * `undefined` when the store cannot say since when. Both questions go out at once (one
   * round trip's wait on a shared store). Rejects when the store fails.
   */
  async memorySpan(aheadMs: number): Promise<{ since: number; aheadMs: number } | undefined> {
    const store = this.#store;
    const recorded =
      typeof store.recordClockLead === 'function' ? this.#call(() => store.recordClockLead!(aheadMs), 'recordClockLead()') : undefined;
    const [since, lead] = await Promise.all([this.rememberedSince(), recorded]);
    if (since === undefined) return undefined;
    return { since, aheadMs: typeof lead === 'number' && lead > aheadMs ? lead : aheadMs };
  }

  /**
   * Records `key` as handled by a run that had given its claim up (a handler that
   * finished after its timeout), whatever the key's state: a success is a success, and
   * a copy running meanwhile must not be able to erase it by failing. Answers what the
   * key held: `'claimed'` — nobody had taken it, it is remembered now; `'in_flight'` —
   * another delivery is handling it (it ran twice; it is remembered anyway, and that
   * copy ends as done whatever its handlers do: here through its run, in another process
   * because a store's `release` drops only a claim); `'done'` — another delivery handled
   * it already (it ran twice). Rejects when the store fails.
   */
  async rememberLate(key: string, extraTtlMs = 0): Promise<DedupeClaim> {
    const { ttlMs, leaseMs } = this.#options;
    const doneTtlMs = ttlMs + Math.max(0, extraTtlMs);
    const local = this.#local.get(key);
    if (local !== undefined) {
      // Marked before the write, so the run cannot release the key while it is on its way.
      local.lateDoneTtlMs = Math.max(local.lateDoneTtlMs ?? 0, doneTtlMs);
      await this.#call(() => this.#store.complete(key, doneTtlMs), 'complete()');
      return 'in_flight';
    }
    const claim = await this.#call(() => this.#store.claim(key, leaseMs), 'claim()');
    if (claim !== 'done') await this.#call(() => this.#store.complete(key, doneTtlMs), 'complete()');
    return claim;
  }

  async #rideOn(run: LocalRun, deadline: number, signal: AbortSignal | undefined): Promise<GateDecision> {
    run.waiting ??= new Promise<boolean>((resolve) => (run.settle = resolve));
    const ok = await settledBy(run.waiting, deadline, signal);
    if (ok === undefined) return signal?.aborted ? ABORTED : TIMEOUT;
    return ok ? DUPLICATE : FIRST_FAILED;
  }
}

/** A run ends: it leaves the gate's map (unless a later run took the key over) and copies waiting on it learn how it went. */
function ended(run: LocalRun): void {
  if (run.owner.get(run.key) === run) run.owner.delete(run.key);
  run.settle?.(run.done);
}

function endedAfterFailure(run: LocalRun, error: unknown): never {
  ended(run);
  throw error;
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
