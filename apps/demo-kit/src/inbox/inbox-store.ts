import type { InboundMessage } from '@sinch-inbounds/core';

/** Called with each message the first time the store holds it. */
export type InboxListener = (message: InboundMessage) => void;

/**
 * The messages the inbox shows, by id. A message can arrive twice — a webhook redelivery,
 * or a backfill of one the webhook already brought — and is kept once. In memory: a real
 * app would put its database here.
 */
export class InboxStore {
  readonly #byId = new Map<string, InboundMessage>();
  readonly #listeners = new Set<InboxListener>();

  /** Stores a message and tells the listeners; `false` (and no one told) when its id is already stored. */
  add(message: InboundMessage): boolean {
    if (this.#byId.has(message.id)) return false;
    this.#byId.set(message.id, message);
    for (const listener of this.#listeners) listener(message);
    return true;
  }

  /** The message with this id, if the inbox holds it. */
  get(id: string): InboundMessage | undefined {
    return this.#byId.get(id);
  }

  /** Every message, newest first (ids break ties in received time). */
  list(): InboundMessage[] {
    return [...this.#byId.values()].sort(
      (a, b) => b.received_at.getTime() - a.received_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
  }

  /**
   * Calls `listener` with every message added from now on (live page streams subscribe
   * here); returns the function that unsubscribes it.
   */
  onAdded(listener: InboxListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
