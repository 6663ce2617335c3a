import { AsyncLocalStorage } from 'node:async_hooks';
import { context, type Context } from '@opentelemetry/api';

/**
 * The storage our spans are made current in while core runs the traced work (bound to
 * each channel's `start`). OpenTelemetry's own, when its Node context manager is in
 * use: then the app's spans inside a handler, and HTTP spans under a client request,
 * nest under ours. OpenTelemetry does not expose it publicly yet
 * (open-telemetry/opentelemetry-js#6088), so it is looked up defensively; without it a
 * storage of our own still nests our spans, handler under callback.
 */
export function contextStorage(): { storage: AsyncLocalStorage<Context>; shared: boolean } {
  const manager = (context as unknown as { _getContextManager?: () => unknown })._getContextManager?.();
  const storage = (manager as { _asyncLocalStorage?: unknown } | undefined)?._asyncLocalStorage;
  if (storage instanceof AsyncLocalStorage) return { storage: storage as AsyncLocalStorage<Context>, shared: true };
  return { storage: new AsyncLocalStorage<Context>(), shared: false };
}

/** The context a new span goes under: the innermost of ours, else the app's current one. */
export function parentContext(storage: AsyncLocalStorage<Context>): Context {
  return storage.getStore() ?? context.active();
}
