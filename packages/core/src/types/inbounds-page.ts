import type { InboundMessage } from './inbound.js';

/** One page of the List inbounds REST answer. */
export interface InboundsPage {
  /** Total number of inbounds matching the filters, over all pages. */
  count: number;
  /** Zero-based number of this page. */
  page: number;
  /** Number of items on THIS page (not the page size asked for). */
  page_size: number;
  /** The messages on this page, newest first. */
  inbounds: InboundMessage[];
}
