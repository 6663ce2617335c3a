import type { DedupeClaim, DedupeStore } from './dedupe-store.js';

/**
 * The same operations as {@link DedupeStore}, answered synchronously: what an
 * in-process store can offer. The dedupe gate uses it when a store has one, so a
 * callback on the default store costs no promise, await or timeout per store call —
 * on the hot path that was a third of the receiver's own time.
 */
export interface SyncDedupeStore {
  claim(key: string, leaseMs: number): DedupeClaim;
  complete(key: string, ttlMs: number): void;
  release(key: string): void;
}

// Kept out of the stores' public shape: a registry rather than a method on the class.
const faces = new WeakMap<DedupeStore, SyncDedupeStore>();

/** Declares `face` as the synchronous face of `store` (which must answer the same through either). */
export function registerSyncDedupeStore(store: DedupeStore, face: SyncDedupeStore): void {
  faces.set(store, face);
}

/** The synchronous face of `store`, when it has one. */
export function syncDedupeStoreOf(store: DedupeStore): SyncDedupeStore | undefined {
  return faces.get(store);
}
