import type { DedupeStore } from './dedupe-store.js';

/** Tuning of {@link DedupeGate}. */
export interface DedupeGateOptions {
  /** How long a handled key is remembered. */
  ttlMs: number;
  /** How long a claim lasts before another process may take the key over. */
  leaseMs: number;
  /** How long a duplicate waits for the first copy's outcome. */
  waitMs: number;
}

/**
 * What to do with a callback: `'run'` it (you hold the claim and must call
 * {@link DedupeGate.leave}); answer it as a `'duplicate'`; or fail it because the first
 * copy failed (`'first_failed'`) or did not finish in time (`'timeout'`), so that Sinch
 * delivers it again later.
 */
export type GateDecision = 'run' | 'duplicate' | 'first_failed' | 'timeout';

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
  readonly #local = new Map<string, { promise: Promise<boolean>; settle: (ok: boolean) => void }>();

  constructor(store: DedupeStore, options: DedupeGateOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Decides what to do with `key`; rejects only when the store itself fails. */
  async enter(key: string): Promise<GateDecision> {
    const deadline = Date.now() + this.#options.waitMs;
    let delay = POLL_START_MS;
    for (;;) {
      const claim = await this.#store.claim(key, this.#options.leaseMs);
      if (claim === 'claimed') {
        let settle!: (ok: boolean) => void;
        const promise = new Promise<boolean>((resolve) => (settle = resolve));
        this.#local.set(key, { promise, settle });
        return 'run';
      }
      if (claim === 'done') return 'duplicate';
      const local = this.#local.get(key);
      if (local !== undefined) {
        const ok = await withDeadline(local.promise, deadline);
        if (ok === undefined) return 'timeout';
        return ok ? 'duplicate' : 'first_failed';
      }
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, POLL_MAX_MS);
    }
  }

  /**
   * Ends a `'run'`: remembers the key as handled when `ok`, otherwise releases it so
   * the redelivery is handled. Rejects when the store fails (the outcome for waiting
   * duplicates is settled either way).
   */
  async leave(key: string, ok: boolean): Promise<void> {
    try {
      if (ok) await this.#store.complete(key, this.#options.ttlMs);
      else await this.#store.release(key);
    } finally {
      const local = this.#local.get(key);
      this.#local.delete(key);
      local?.settle(ok);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
