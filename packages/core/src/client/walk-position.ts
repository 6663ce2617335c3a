import type { InboundsPageItem } from '../types/inbounds-page-item.js';
import { itemReceivedAtMs } from './item-received-at.js';

/**
 * Where a newest-first walk over the list has got to, and what it yielded there: decides
 * whether an item read on a later page is new to the walk.
 *
 * Messages that arrive while a walk pages push older ones down, so a later page can
 * repeat items already yielded — any number of them, however large the burst — or show
 * arrivals newer than where the walk has reached, which cannot be yielded in order. An
 * item is new when it was received in the second the walk has reached or earlier, and
 * its id was not yielded in that second: every repeat was received in that second or a
 * later one, so only that second's ids are remembered, not the whole walk's.
 *
 * Whole seconds, not milliseconds: a server that orders the messages of one second
 * otherwise than by their milliseconds would have an unread message look newer, and it
 * would be dropped. The price: a message that arrives during the walk, in the second
 * it has reached, can come after an older one of that second.
 */
export class WalkPosition {
  /** The second (epoch s) of the oldest item yielded so far; `Infinity` before the first. */
  #second = Infinity;
  /** Ids yielded whose time falls in `#second`. */
  readonly #idsInSecond = new Set<string>();
  /** Ids yielded whose time is unknown: they cannot be placed, so each is remembered. */
  readonly #unplaced = new Set<string>();

  /**
   * Whether `item` is new to the walk; a new item counts as yielded from then on. An item
   * without an id is new unless received after the second the walk has reached (it is
   * then a repeat or out of order): one from that second may come again.
   */
  admit(item: InboundsPageItem): boolean {
    const { id } = item;
    const at = itemReceivedAtMs(item);
    if (at === undefined) {
      if (id === undefined) return true;
      if (this.#unplaced.has(id)) return false;
      this.#unplaced.add(id);
      return true;
    }
    const second = Math.floor(at / 1000);
    if (second > this.#second) return false;
    if (second < this.#second) {
      this.#second = second;
      this.#idsInSecond.clear();
    }
    if (id === undefined) return true;
    if (this.#idsInSecond.has(id)) return false;
    this.#idsInSecond.add(id);
    return true;
  }
}
