import { defaultLogger, type Logger } from '../../logging/logger.js';
import type { ReconcileOptions, ReconcileSource } from './reconcile-options.js';
import type { ReconcileReport } from './reconcile-report.js';


const HOUR_MS = 60 * 60 * 1000;

/** `scheduleReconcile`'s default `windowMs`: the 23 h Sinch keeps retrying, inside the 24 h dedupe memory. */
export const DEFAULT_RECONCILE_WINDOW_MS = 23 * HOUR_MS;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Options of {@link scheduleReconcile}.
 *
 * Picking `intervalMs` and `windowMs`:
 * - The interval bounds how long a message webhooks missed waits: at most one interval
 *   (plus a run's duration). A callback Sinch dropped at once (a 4xx from a bad deploy,
 *   say) is found by the next run; one whose deliveries kept failing is found by the
 *   next run too, while Sinch may still be retrying it (about 23 h) — the dedupe memory
 *   makes the later webhook copy a duplicate.
 * - Every run reads the whole window (`ceil(messages in window / 100)` requests), so each
 *   message is read `windowMs / intervalMs` times — 23 with the defaults. Shorter
 *   intervals cost requests, not correctness.
 * - The window must be longer than the interval plus the longest run, so consecutive
 *   runs overlap and no message falls between two of them; a longer window gives a
 *   failing handler more runs to succeed, and covers a longer outage of the app on the
 *   first run after it.
 * - The window must not be longer than the dedupe memory (`dedupeTtlMs`, default 24 h):
 *   a message handled longer ago than that is forgotten and would be handled again
 *   (reconcile warns). Messages also count against the API: its list window is 24 h by
 *   default (this helper always sends `start_date`), and Sinch keeps inbounds for about
 *   14 days.
 *
 * The defaults — every hour, over the last 23 h — cover the whole time Sinch keeps
 * retrying a callback and stay an hour inside the 24 h dedupe memory. To catch up after
 * an outage longer than the window, run `receiver.reconcile()` once by hand with an
 * older `since` (and a `dedupeTtlMs` at least as long).
 */
export interface ReconcileScheduleOptions {
  /** Time between the starts of two runs, in ms. Default 1 h. */
  intervalMs?: number;
  /** Each run reconciles `received_at` in `[now − windowMs, now)`, in ms. Default 23 h. */
  windowMs?: number;
  /** Run once right away (default `true`), or first after one interval. */
  runAtStart?: boolean;
  /** Told each finished run's report. An exception it throws is logged and ignored. */
  onReport?: (report: ReconcileReport) => void;
  /**
   * Told when a run fails (`ReconcileError`, say); the schedule goes on. Default: logged
   * through `logger`. Not called for a run cut short by `stop()`.
   */
  onError?: (error: unknown) => void;
  /** Stops the schedule, like calling the returned function. */
  signal?: AbortSignal;
  /** Where failures are logged. Default `defaultLogger`. */
  logger?: Logger;
}

/** Stops a schedule: no further run starts, a run in progress is aborted; resolves once it has settled. */
export type StopReconcileSchedule = () => Promise<void>;

// Runs in progress per receiver, across every schedule in this process.
const running = new WeakMap<object, Promise<unknown>>();

/**
 * Runs `receiver.reconcile(source, …)` every `intervalMs` over the trailing `windowMs`,
 * never two runs at once for one receiver in this process (a run still going when the
 * next is due delays it; another schedule's run on the same receiver makes this one
 * skip its turn). Failures are reported, never fatal. Returns a function that stops it.
 *
 * Several instances may each run a schedule: with a shared dedupe store (Redis, say),
 * each message is still handled once.
 *
 * @example
 * ```ts
 * const stop = scheduleReconcile(receiver, client, { onReport: (r) => log.info('reconciled', r) });
 * process.on('SIGTERM', () => void stop());
 * ```
 * @throws {TypeError} / {RangeError} at once for invalid options.
 */
export function scheduleReconcile(
  // The receiver's reconcile() is all it needs (typed here, as reconcile/ sits below the receiver).
  receiver: { reconcile(source: ReconcileSource, options: ReconcileOptions): Promise<ReconcileReport> },
  source: ReconcileSource,
  options: ReconcileScheduleOptions = {},
): StopReconcileSchedule {
  if (receiver === null || typeof receiver !== 'object' || typeof receiver.reconcile !== 'function') {
    throw new TypeError('scheduleReconcile: the first argument must be a webhook receiver');
  }
  const intervalMs = positive('intervalMs', options.intervalMs, HOUR_MS);
  const windowMs = positive('windowMs', options.windowMs, DEFAULT_RECONCILE_WINDOW_MS);
  const logger = options.logger ?? defaultLogger;
  const { onReport, onError } = options;

  const stopper = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> = Promise.resolve();

  const runOnce = async (): Promise<void> => {
    if (running.has(receiver)) {
      logger.warn('sinch reconcile: skipped a scheduled run, another run on this receiver is still going');
      return;
    }
    const run = receiver.reconcile(source, { since: new Date(Date.now() - windowMs), signal: stopper.signal });
    running.set(receiver, run);
    try {
      const report = await run;
      try {
        onReport?.(report);
      } catch (error) {
        logger.error('sinch reconcile: onReport threw', { error });
      }
    } catch (error) {
      if (stopper.signal.aborted) return;
      if (onError === undefined) logger.error(`sinch reconcile: a scheduled run failed: ${describe(error)}`, { error });
      else {
        try {
          onError(error);
        } catch (thrown) {
          logger.error('sinch reconcile: onError threw', { error: thrown });
        }
      }
    } finally {
      if (running.get(receiver) === run) running.delete(receiver);
    }
  };

  const tick = (): void => {
    timer = undefined;
    const startedAt = Date.now();
    current = runOnce().finally(() => {
      if (stopper.signal.aborted) return;
      // The next run is due one interval after this one started; right away if this one overran.
      timer = setTimeout(tick, Math.max(0, startedAt + intervalMs - Date.now()));
    });
  };

  const stop: StopReconcileSchedule = async () => {
    if (!stopper.signal.aborted) stopper.abort(new Error('reconcile schedule stopped'));
    clearTimeout(timer);
    timer = undefined;
    await current;
  };

  if (options.signal?.aborted) return stop;
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  if (options.runAtStart === false) timer = setTimeout(tick, intervalMs);
  else tick();
  return stop;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  // setTimeout cannot wait longer than 2^31 − 1 ms (about 24.8 days).
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_TIMER_MS) {
    throw new RangeError(`scheduleReconcile: ${name} must be a positive number of ms, at most ${MAX_TIMER_MS}`);
  }
  return v;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
