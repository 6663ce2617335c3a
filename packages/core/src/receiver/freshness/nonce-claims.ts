import type { ReplayGuard } from '../../signature/nonce-cache.js';
import type { Later } from '../async/run-now-or-later.js';
import type { DedupeStore, NonceClaim } from '../dedupe/dedupe-store.js';
import type { StoreHealth } from '../stores/store-health.js';
import { withStoreTimeout } from '../stores/store-timeout.js';

/** A dedupe store that can remember a nonce and claim a key in one step. */
type NonceClaimingStore = DedupeStore & Pick<Required<DedupeStore>, 'claimWithNonce'>;

/**
 * The replay guard's nonce and the dedupe claim in one store call, for a dedupe store
 * that offers it (`DedupeStore.claimWithNonce`): one round trip before the handlers run
 * instead of two. Bounded by `storeTimeoutMs`. An answer is told to the dedupe store's
 * health tracker like the gate's own calls; a failure is not: the flow reports it as the
 * replay guard's (one outage, one log line, as when the guard fails before a claim).
 */
export class NonceClaims {
  readonly #store: NonceClaimingStore;
  readonly #guard: ReplayGuard;
  readonly #leaseMs: number;
  readonly #storeTimeoutMs: number;
  readonly #health: StoreHealth;

  constructor(store: NonceClaimingStore, guard: ReplayGuard, leaseMs: number, storeTimeoutMs: number, health: StoreHealth) {
    this.#store = store;
    this.#guard = guard;
    this.#leaseMs = leaseMs;
    this.#storeTimeoutMs = storeTimeoutMs;
    this.#health = health;
  }

  /** The store's claims in one step with the nonce, when `store` offers them; else `undefined`. */
  static of(store: DedupeStore | undefined, guard: ReplayGuard, leaseMs: number, storeTimeoutMs: number, health: StoreHealth): NonceClaims | undefined {
    if (store === undefined || typeof store.claimWithNonce !== 'function') return undefined;
    return new NonceClaims(store as NonceClaimingStore, guard, leaseMs, storeTimeoutMs, health);
  }

  /**
   * Remembers `nonce` and claims `key` in one step. `undefined` when the store cannot for
   * this guard (the receiver then asks one after the other); throws or rejects when it fails.
   */
  claim(key: string, nonce: string, expiresAtMs: number, nowMs: number): Later<NonceClaim> | undefined {
    const pending = this.#store.claimWithNonce(key, this.#leaseMs, this.#guard, nonce, expiresAtMs, nowMs);
    if (pending === undefined) return undefined;
    return Promise.resolve(withStoreTimeout(pending, this.#storeTimeoutMs, 'dedupe store claimWithNonce()')).then((answer) => {
      this.#health.answered();
      return answer;
    });
  }

  /** How to forget a `nonce` this step remembered for `key`: the store's `forgetNonce`, else the guard's `forget`. */
  forgetter(key: string, nonce: string): (() => Later<void>) | undefined {
    const store = this.#store;
    const guard = this.#guard;
    if (typeof store.forgetNonce === 'function') return () => store.forgetNonce!(key, nonce, guard);
    return guard.forget === undefined ? undefined : () => guard.forget!(nonce);
  }
}
