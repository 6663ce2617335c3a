// Most keys noted at once, in case a caller never asks about them.
const MAX_NOTES = 10_000;

/**
 * What a store noted about writes whose outcome its caller may not learn — keyed by the
 * key written, asked for by the forget that follows a failure. Bounded: the oldest go first.
 */
export class WriteNotes<V> {
  readonly #notes = new Map<string, V>();

  /** Notes `value` about the write of `key`, in place of an earlier note. */
  note(key: string, value: V): void {
    this.#notes.delete(key);
    if (this.#notes.size >= MAX_NOTES) this.#notes.delete(this.#notes.keys().next().value!);
    this.#notes.set(key, value);
  }

  /** The note about `key`, removed; `undefined` when there is none. */
  take(key: string): V | undefined {
    const value = this.#notes.get(key);
    this.#notes.delete(key);
    return value;
  }

  /** Removes the note about `key` if it is still `value` (not a later write's). */
  clear(key: string, value: V): void {
    if (this.#notes.get(key) === value) this.#notes.delete(key);
  }
}
