/** The counts of a reconcile run so far. Every item is counted once in `seen` and once in one of the outcome counts. */
export interface ReconcileProgress {
  /** Items the inbounds API returned in the window: messages, unknown types and unreadable items. */
  readonly seen: number;
  /** Dispatched to the handlers, which all succeeded. */
  readonly handled: number;
  /** Already handled before (by a webhook, an earlier run, or another instance), or already queued: handlers not run. */
  readonly duplicates: number;
  /**
   * With the receiver's `queue` option: not seen before, so sent to the queue instead
   * of handled in the run; a worker handles them (`receiver.process()`). Always 0
   * without a queue.
   */
  readonly queued: number;
  /**
   * No handler is registered for the item's type (see `unhandledCallbacks`); not
   * remembered as handled, so a handler registered later gets it on the next run.
   */
  readonly unhandled: number;
  /**
   * A handler threw, or did not settle within `handlerTimeoutMs`; the claim was released,
   * so the next run (or a webhook redelivery) handles it.
   */
  readonly failed: number;
  /**
   * Not handled in this run for another reason: the dedupe store failed, another copy of
   * the message (a webhook delivery, another instance) failed or did not finish within
   * `duplicateWaitMs`, the run was aborted, or (with a `queue`) the queue was full or
   * failed. The next run tries again.
   */
  readonly deferred: number;
  /** Items the API returned that could not be read; each was reported to the `'error'` handlers. */
  readonly unreadable: number;
  /**
   * Of the dispatched items, how many had a `type` this library does not know; they
   * reach `'unknown'` and `'*'` handlers as an `UnknownCallback`, as on the webhook path.
   */
  readonly unknown: number;
}

/** What `receiver.reconcile()` resolves to. */
export interface ReconcileReport extends ReconcileProgress {
  /** The window read back: `received_at` from `since` (inclusive)… */
  readonly since: Date;
  /** …to `until` (exclusive), when one was given. */
  readonly until: Date | undefined;
  /**
   * Ids of the messages counted in `failed` or `deferred`: not handled by this run. Their
   * claims were released, so the next run over a window that holds them retries them.
   */
  readonly failedIds: readonly string[];
  /** Ids of the unreadable items that had one (an item without a usable id has none to list). */
  readonly unreadableIds: readonly string[];
  /** When the run started. */
  readonly startedAt: Date;
  /** How long the run took, in ms. */
  readonly durationMs: number;
}
