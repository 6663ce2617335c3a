import type { ReplayGuard } from '../../signature/nonce-cache.js';
import type { Later } from '../async/run-now-or-later.js';
import type { ErrorReporter } from '../errors/error-reporter.js';
import { WebhookReplayGuardError } from '../errors/errors.js';
import type { StoreHealth } from '../stores/store-health.js';
import { withStoreTimeout } from '../stores/store-timeout.js';

/**
 * The replay guard's whole lifecycle for the receiver: remembering a verified nonce
 * (bounded by `storeTimeoutMs`), forgetting it after a 500 so Sinch's redelivery of the
 * same signed request is not refused, forgetting it quietly after a failed call, and
 * the guard's health, so an outage is logged once.
 */
export class ReplayMemory {
  readonly #guard: ReplayGuard;
  readonly #storeTimeoutMs: number;
  readonly #health: StoreHealth;
  readonly #reporter: ErrorReporter;

  constructor(guard: ReplayGuard, storeTimeoutMs: number, health: StoreHealth, reporter: ErrorReporter) {
    this.#guard = guard;
    this.#storeTimeoutMs = storeTimeoutMs;
    this.#health = health;
    this.#reporter = reporter;
  }

  /** The guard itself, for a dedupe store that keeps its nonces in the same step as a claim. */
  get guard(): ReplayGuard {
    return this.#guard;
  }

  /**
   * Asks the guard to remember `nonce`: its answer (a boolean when the guard is sound),
   * at once from the default guard, as a promise from a shared one. Throws or rejects
   * when the guard fails or does not answer within `storeTimeoutMs`.
   */
  remember(nonce: string, expiresAtMs: number, nowMs: number): Later<unknown> {
    // A plain answer passes through as it is; a promise is raced against the timeout.
    return withStoreTimeout<unknown>(this.#guard.remember(nonce, expiresAtMs, nowMs), this.#storeTimeoutMs, 'replayGuard.remember()');
  }

  /** Records that the guard answered. */
  answered(): void {
    this.#health.answered();
  }

  /**
   * The guard failed, timed out or threw for `nonce`: recorded and reported (not logged
   * per callback: the health tracker logs the outage once). A failed call may have
   * written the nonce all the same — one that timed out may still land (a slow Redis
   * executes it later), and one whose connection dropped may have run before its reply
   * was lost — and Sinch's redelivery of this very signed request would then be refused
   * as a replay: so it is forgotten, by `forget` (the guard's own by default). Not
   * awaited: the 500 must not wait for a failing store twice.
   */
  failed(nonce: string, error: unknown, forget: (() => unknown) | undefined = () => this.#guard.forget?.(nonce)): Promise<void> {
    this.#health.failed(error);
    if (forget !== undefined) void forgetQuietly(forget);
    return this.#reporter.report(
      new WebhookReplayGuardError('sinch webhook: the replay guard failed; answered 500 so Sinch redelivers', nonce, { cause: error }),
      false,
    );
  }

  /**
   * Forgets `nonce` after this request was answered 500, so Sinch's redelivery of the
   * same signed request is handled, not refused as a replay — by `forget` (the guard's
   * own by default). A failure is reported (the redelivery may now be refused), never thrown.
   */
  async forgetAfter500(nonce: string, forget: (() => Later<void>) | undefined = this.#forgetOf(nonce)): Promise<void> {
    if (forget === undefined) return;
    try {
      await withStoreTimeout(forget(), this.#storeTimeoutMs, 'replayGuard.forget()');
    } catch (error) {
      this.#health.failed(error);
      await this.#reporter.report(
        new WebhookReplayGuardError('sinch webhook: the replay guard failed to forget a nonce after a 500', nonce, { cause: error }),
        false,
      );
      return;
    }
    this.#health.answered();
  }

  #forgetOf(nonce: string): (() => Later<void>) | undefined {
    const guard = this.#guard;
    return guard.forget === undefined ? undefined : () => guard.forget!(nonce);
  }
}

async function forgetQuietly(forget: () => unknown): Promise<void> {
  try {
    await forget();
  } catch {
    // The store is failing already; that was reported.
  }
}
