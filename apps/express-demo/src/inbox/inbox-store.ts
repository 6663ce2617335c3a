import type { InboundMessage } from '@sinch-inbounds/express';

/**
 * The messages the inbox shows, by id. A message can arrive twice — a webhook redelivery,
 * or a backfill of one the webhook already brought — and is kept once. In memory: a real
 * app would put its database here.
 */
export class InboxStore {
  readonly #byId = new Map<string, InboundMessage>();

  /** Stores a message; `false` when one with the same id is already stored. */
  add(message: InboundMessage): boolean {
    if (this.#byId.has(message.id)) return false;
    this.#byId.set(message.id, message);
    return true;
  }

  /** Every message, newest first (ids break ties in received time). */
  list(): InboundMessage[] {
    return [...this.#byId.values()].sort(
      (a, b) => b.received_at.getTime() - a.received_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
  }
}
