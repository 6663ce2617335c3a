import type { ReplayGuard } from '../../signature/nonce-cache.js';

/**
 * The answer of {@link DedupeStore.claim}: `'claimed'` — you own the key now, handle the
 * callback; `'done'` — it was handled successfully already; `'in_flight'` — someone
 * else holds a live claim on it.
 */
export type DedupeClaim = 'claimed' | 'done' | 'in_flight';

/** What {@link DedupeStore.claimWithNonce} answers. */
export interface NonceClaim {
  /** The claim of the callback's key, as {@link DedupeStore.claim} answers it. */
  readonly claim: DedupeClaim;
  /** Whether the nonce was new, as `ReplayGuard.remember` answers it. */
  readonly fresh: boolean;
}

/**
 * Remembers which callbacks were handled, so a redelivered one is not handled twice.
 * Every method is async and `claim` is a single atomic step, so the interface can sit
 * on a shared store (e.g. Redis: `SET key in_flight NX PX leaseMs`, else `GET key`).
 */
export interface DedupeStore {
  /**
   * Atomically claims `key` for handling unless it is done or claimed by someone else.
   * A claim lapses after `leaseMs`, so a crashed process does not block the key forever.
   */
  claim(key: string, leaseMs: number): Promise<DedupeClaim>;
  /**
   * Marks `key` as handled successfully, remembered for `ttlMs`, whatever it holds now:
   * also over another copy's claim, when handlers that had timed out succeed late.
   */
  complete(key: string, ttlMs: number): Promise<void>;
  /**
   * Drops the claim on `key` after a failure, so the next delivery is handled. Should
   * drop only a claim — never a key marked done by `complete`, which a late success may
   * have written over the claim — and, in a shared store, only this store's own claim
   * (another process's may have taken the key over after the lease). A store that drops
   * any key still keeps late successes recorded in the same process (the receiver then
   * completes instead of releasing), but not those recorded by another process.
   */
  release(key: string): Promise<void>;
  /**
   * Since when (epoch ms) this store's memory is complete: every key completed since
   * then is still remembered until its TTL ends. An in-process store answers the time it
   * was created (a restart forgets everything); a shared store keeps its own marker,
   * written when its memory began. Optional: a store without it never vouches for a
   * callback, so a late redelivery signed outside the tolerance window is refused as
   * stale. Resolve `undefined` when the memory cannot vouch right now.
   */
  rememberedSince?(): Promise<number | undefined>;
  /**
   * Records that a genuine signature was seen `aheadMs` ahead of the receiver's clock,
   * keeping the largest such lead with the memory marker of {@link rememberedSince}, and
   * answers that largest lead (at least `aheadMs`). The receiver calls it when it judges
   * a callback signed outside the tolerance window, passing the largest lead it has seen
   * (the judged signature's included). Vouching for a late redelivery takes Sinch's clock
   * to run at most the window plus this lead ahead of ours; kept in a shared store, the
   * lead survives a restart of the receiver, which otherwise counts from 0 again and may
   * vouch for a copy handled before the memory began. Optional (added after
   * `rememberedSince`): without it each receiver counts only the leads it saw itself since
   * it started. Resolve `undefined` when the store cannot say.
   */
  recordClockLead?(aheadMs: number): Promise<number | undefined>;
  /**
   * Remembers a signed callback's `nonce` in `guard` (as `guard.remember(nonce,
   * expiresAtMs, nowMs)` would) and claims its `key` (as `claim(key, leaseMs)` would), in
   * one step: one round trip instead of two on a shared store that keeps `guard`'s nonces
   * itself (e.g. the Redis store, when `guard` is a Redis replay guard on the same client
   * and prefix). Answer `undefined`, synchronously, when it cannot for this `guard` (or
   * key): the receiver then asks the guard and the store one after the other. A rejection counts
   * as a failure of both (the callback is answered 500, and the nonce forgotten with
   * {@link forgetNonce}). Optional.
   */
  claimWithNonce?(
    key: string,
    leaseMs: number,
    guard: ReplayGuard,
    nonce: string,
    expiresAtMs: number,
    nowMs: number,
  ): Promise<NonceClaim> | undefined;
  /**
   * Forgets a `nonce` that {@link claimWithNonce} remembered for `key`, so the same signed
   * request is accepted again: the receiver calls it instead of `guard.forget(nonce)`
   * when it answered that callback 500, and after a failed `claimWithNonce`. A claim the
   * receiver was answered is left alone (`complete` and `release` decide about it); a
   * store may drop the claim of a `claimWithNonce` call whose answer never reached the
   * receiver, as no handler runs under it. Without it, `guard.forget` is called. Optional.
   */
  forgetNonce?(key: string, nonce: string, guard: ReplayGuard): Promise<void>;
}
