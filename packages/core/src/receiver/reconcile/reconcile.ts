import type { Logger } from '../../logging/logger.js';
import { platformBytes } from '../../platform/bytes.js';
import type { UnknownCallback } from '../../types/callback.js';
import type { InboundsPageItem } from '../../types/inbounds-page-item.js';
import type { CallbackDispatcher } from '../dispatch/callback-dispatcher.js';
import { WebhookPayloadError } from '../errors/errors.js';
import { ReconcileError } from './reconcile-error.js';
import type { ReconcileOptions, ReconcileSource } from './reconcile-options.js';
import type { ReconcileProgress, ReconcileReport } from './reconcile-report.js';
import type { QueueIntake } from '../queue/queue-intake.js';
import { countQueued } from './reconcile-intake.js';

/** What a reconcile run shares with the receiver's webhook path. */
export interface ReconcileDeps {
  /** The receiver's own dispatcher: same handlers, same dedupe store, same keys. */
  dispatcher: CallbackDispatcher;
  /** With the receiver's `queue` option: messages not seen before are queued, not handled in the run. */
  intake?: QueueIntake | undefined;
  logger: Logger;
  /** How long handled keys are remembered; `undefined` when deduplication is off. */
  dedupeTtlMs: number | undefined;
  now: () => number;
}

const PROGRESS_EVERY = 100;
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

type Counts = { -readonly [K in keyof ReconcileProgress]: number };

/**
 * Reads the inbounds API back over a window and dispatches every item through the
 * webhook path's dispatcher, so each message reaches the handlers once whichever way it
 * came. See `WebhookReceiver.reconcile` for the contract.
 */
export async function reconcile(deps: ReconcileDeps, source: ReconcileSource, options: ReconcileOptions): Promise<ReconcileReport> {
  if (source === null || typeof source !== 'object' || typeof source.iterate !== 'function') {
    throw new TypeError('reconcile: the first argument must have an iterate() method (an InboundsClient, say)');
  }
  if (options === null || typeof options !== 'object') throw new TypeError('reconcile: options with `since` are required');
  const since = toDate('since', options.since);
  const until = options.until === undefined ? undefined : toDate('until', options.until);
  if (until !== undefined && until.getTime() <= since.getTime()) throw new RangeError('reconcile: `until` must be after `since`');
  const { signal, onProgress } = options;
  signal?.throwIfAborted();

  const { dispatcher, logger } = deps;
  const startedAt = deps.now();
  warnAboutMemory(deps, since, startedAt);
  const counts: Counts = { seen: 0, handled: 0, duplicates: 0, queued: 0, unhandled: 0, failed: 0, deferred: 0, unreadable: 0, unknown: 0 };
  const failedIds: string[] = [];
  const unreadableIds: string[] = [];
  const report = (): ReconcileReport => ({
    since,
    until,
    ...counts,
    failedIds: failedIds.slice(),
    unreadableIds: unreadableIds.slice(),
    startedAt: new Date(startedAt),
    durationMs: deps.now() - startedAt,
  });
  const progress = (): void => {
    if (onProgress === undefined) return;
    try {
      onProgress({ ...counts });
    } catch (error) {
      logger.error('sinch reconcile: onProgress threw', { error });
    }
  };

  const one = async (item: InboundsPageItem): Promise<void> => {
    if (item.type === 'unreadable_inbound') {
      // Never dropped silently: counted, listed, and reported as the webhook path reports a payload it cannot read.
      counts.unreadable++;
      if (item.id !== undefined) unreadableIds.push(item.id);
      await dispatcher.report(new WebhookPayloadError(toJsonBytes(item.raw), item.error, 'reconcile'));
      return;
    }
    let callback;
    if (item.type === 'unknown_inbound') {
      counts.unknown++;
      // The shape the webhook path gives an unknown type, so it gets the same dedupe key.
      callback = { type: String(item.raw.type), raw: item.raw } satisfies UnknownCallback;
    } else {
      callback = item;
    }
    const rawBody = toJsonBytes(item.type === 'unknown_inbound' ? item.raw : item);
    if (deps.intake !== undefined) {
      if (!countQueued(await deps.intake.enqueue(callback, rawBody, 0, 'reconcile'), counts) && item.id !== undefined) failedIds.push(item.id);
      return;
    }
    const outcome = await dispatcher.dispatch(
      callback,
      {
        source: 'reconcile',
        rawBody,
        headers: NO_HEADERS,
        dedupeKey: undefined,
        nonce: undefined,
      },
      0,
      undefined,
      signal,
    );
    switch (outcome.kind) {
      case 'handled':
        counts.handled++;
        return;
      case 'duplicate':
        counts.duplicates++;
        return;
      case 'unhandled':
        // Not remembered: a handler registered later gets it on the next run.
        counts.unhandled++;
        return;
      case 'failed':
      case 'timed_out':
        counts.failed++;
        break;
      case 'deferred':
        counts.deferred++;
        break;
    }
    if (item.id !== undefined) failedIds.push(item.id);
  };

  const params = until === undefined ? { startDate: since, signal } : { startDate: since, endDate: until, signal };
  try {
    for await (const item of source.iterate(params)) {
      counts.seen++;
      // One at a time: an abort then waits for at most one dispatch in flight.
      await one(item);
      if (counts.seen % PROGRESS_EVERY === 0) progress();
      if (signal?.aborted) break;
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new ReconcileError(report(), { cause: error });
  }
  signal?.throwIfAborted();
  progress();
  const done = report();
  logger.info('sinch reconcile: done', { ...counts, failedIds: done.failedIds.length, durationMs: done.durationMs });
  return done;
}

function warnAboutMemory(deps: ReconcileDeps, since: Date, now: number): void {
  if (deps.dedupeTtlMs === undefined) {
    deps.logger.warn('sinch reconcile: deduplication is off (dedupe: false), so every message in the window is handled again, also those webhooks brought');
  } else if (since.getTime() < now - deps.dedupeTtlMs) {
    deps.logger.warn(
      'sinch reconcile: `since` is older than the dedupe memory (dedupeTtlMs); a message handled longer ago than that is forgotten and handled again',
      { since: since.toISOString(), dedupeTtlMs: deps.dedupeTtlMs },
    );
  }
}

function toDate(name: string, value: unknown): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new TypeError(`reconcile: \`${name}\` must be a Date or an ISO-8601 string`);
  }
  return date;
}

function toJsonBytes(value: unknown): Uint8Array {
  return platformBytes.encodeUtf8(JSON.stringify(value) ?? 'null');
}
