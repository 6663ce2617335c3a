import type { ClockSkewMonitor } from './clock-skew.js';
import type { DedupeGate } from '../dedupe/dedupe-gate.js';

/**
 * Why a callback signed outside the tolerance window was not vouched for (it stays 401):
 * it has no dedupe key; it was signed `dedupeTtlMs` or more ago, or that far ahead; the
 * store cannot say since when its memory is complete; or the memory began too late to
 * know whether this callback was handled before.
 */
export type VouchRefusal = 'no_dedupe_key' | 'older_than_dedupe_ttl' | 'too_far_ahead' | 'memory_cannot_say' | 'memory_too_young';

/**
 * Decides whether the dedupe memory can vouch for a callback whose signature is genuine
 * but outside the tolerance window — a late redelivery of the original signed request,
 * or a receiver whose clock is off. Vouching means a second copy of the same callback
 * is certain to be recognised, so taking the normal dedupe path (handled → duplicate,
 * never handled → handled once) cannot handle anything twice. The rule, for a callback
 * with dedupe key `k` signed at `T`, at `now` (this clock):
 *
 * - `|now − T| < dedupeTtlMs`: every key is remembered at least until its signature time
 *   plus `dedupeTtlMs` (the dispatcher extends a success's TTL by how far its signature
 *   was ahead of this clock), so `k`, if it was handled, is still remembered;
 * - `rememberedSince + window + maxAhead ≤ T`: the memory began before the callback
 *   could have been handled. `T` is on Sinch's clock and `rememberedSince` on ours; a
 *   copy handled before the memory began was handled before `rememberedSince` on our
 *   clock, hence signed before `rememberedSince + d` on Sinch's, where `d` is how far
 *   Sinch's clock runs ahead. `d` is taken as at most the tolerance window (the skew the
 *   window itself trusts) plus the largest lead Sinch's signatures have actually shown:
 *   to this process ({@link ClockSkewMonitor.maxAheadMs}), in the signature being judged
 *   (it may be the first this process sees), and to any receiver on the same store since
 *   its memory began (`DedupeStore.recordClockLead`, which survives a restart) — which
 *   covers a clock that is off by more. A process that has seen no lead yet, on a store
 *   that records none, judges a stale signature by the window alone.
 */
export class LateRedeliveryVoucher {
  readonly #gate: DedupeGate;
  readonly #skew: ClockSkewMonitor;
  readonly #windowMs: number;

  constructor(gate: DedupeGate, skew: ClockSkewMonitor, windowMs: number) {
    this.#gate = gate;
    this.#skew = skew;
    this.#windowMs = windowMs;
  }

  /** `true` when the memory vouches for `key` signed at `signedAtMs`, else why not. Rejects when the store fails. */
  async vouch(key: string | undefined, signedAtMs: number, nowMs: number): Promise<true | VouchRefusal> {
    if (key === undefined) return 'no_dedupe_key';
    const ttlMs = this.#gate.ttlMs;
    if (nowMs - signedAtMs >= ttlMs) return 'older_than_dedupe_ttl';
    if (signedAtMs - nowMs >= ttlMs) return 'too_far_ahead';
    const memory = await this.#gate.memorySpan(Math.max(this.#skew.maxAheadMs, signedAtMs - nowMs));
    if (memory === undefined) return 'memory_cannot_say';
    if (memory.since + this.#windowMs + memory.aheadMs > signedAtMs) return 'memory_too_young';
    return true;
  }
}
