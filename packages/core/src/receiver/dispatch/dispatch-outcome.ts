/**
 * How one callback went: `handled` by every handler; a `duplicate` of one handled
 * before (handlers not run); `unhandled` — no handler is registered for its type (not
 * remembered as handled; `retry` says whether it must be answered 500 under the
 * `'retry'` policy); `failed` because a handler threw; `timed_out` because the handlers
 * did not settle within the handler timeout (claim released); or `deferred` — not
 * handled now because the dedupe store failed, the first copy failed, it did not
 * finish in time, or the caller's signal aborted before the handlers ran. `handled`,
 * `duplicate` and `unhandled` without `retry` are answered 200; everything else wants
 * another delivery.
 */
export type DispatchOutcome =
  | { kind: 'handled'; key: string | undefined }
  | { kind: 'duplicate'; key: string }
  | { kind: 'unhandled'; key: string | undefined; retry: boolean }
  | { kind: 'failed'; key: string | undefined; errors: readonly unknown[] }
  | { kind: 'timed_out'; key: string | undefined; timeoutMs: number }
  | { kind: 'deferred'; key: string; reason: 'store_failed' | 'first_failed' | 'wait_timeout' | 'aborted' };
