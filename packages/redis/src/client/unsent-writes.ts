// Most keys noted at once, in case a caller never asks about them.
const MAX_UNSENT = 10_000;

/**
 * Keys whose write failed before it was sent (the client was not connected): Redis
 * holds nothing to delete, and a `DEL` would wait in the client's offline queue for the
 * whole outage, one per failed callback. Bounded: the oldest go first.
 */
export class UnsentWrites {
  readonly #keys = new Set<string>();

  /** Notes that the write of `key` never left the client. */
  note(key: string): void {
    if (this.#keys.size >= MAX_UNSENT) this.#keys.delete(this.#keys.values().next().value!);
    this.#keys.add(key);
  }

  /** True, once, when the write of `key` never left the client: no `DEL` is needed. */
  take(key: string): boolean {
    return this.#keys.delete(key);
  }
}
