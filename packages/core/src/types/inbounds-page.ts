import type { InboundsPageItem } from './inbounds-page-item.js';

/** One page of the List inbounds REST answer. */
export interface InboundsPage {
  /** Total number of inbounds matching the filters, over all pages. */
  count: number;
  /** Zero-based number of this page. */
  page: number;
  /** Number of items on THIS page (not the page size asked for). */
  page_size: number;
  /**
   * The items on this page, newest first, each in its place: a message, or an
   * `unknown_inbound` / `unreadable_inbound` item that keeps what Sinch sent.
   */
  inbounds: InboundsPageItem[];
}
