/**
 * How `receiver.process()` ended for one queued callback, when it did not reject:
 * `handled` by every handler; a `duplicate` of one handled before (handlers not run —
 * a second job for one callback, or a re-run of a job whose first run succeeded); or
 * `unhandled` — no handler is registered for its type and `unhandledCallbacks` is
 * `'acknowledge'` (not remembered as handled).
 */
export interface ProcessOutcome {
  /** What happened; see {@link ProcessOutcome}. */
  readonly type: 'handled' | 'duplicate' | 'unhandled';
  /** The callback's `type`. */
  readonly callbackType: string;
  /** The dedupe key the store saw, when the callback has one and dedupe is on. */
  readonly key: string | undefined;
}
