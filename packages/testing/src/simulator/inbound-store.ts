import type { WireInbound } from '../wire/wire-inbound.js';

/** One stored inbound with what the REST API needs to sort, filter and serve it fast. */
interface StoredInbound {
  /** The inbound, or `undefined` for a raw item stored with {@link InboundStore.addRaw}. */
  wire: WireInbound | undefined;
  /** What the REST API serves for it: the wire inbound, or the raw item as given. */
  served: unknown;
  receivedAtMs: number;
  /** Serialised once, on first use: list pages of a 100k store are then string joins. */
  json: string | undefined;
  /** `to` without its optional `+`, precomputed for the `to` filter. */
  toKey: string;
  /** Arrival order: breaks ties on `received_at`, latest arrival first. */
  seq: number;
}

/** A validated list query (SPEC §2). */
export interface InboundQuery {
  /** Recipient numbers, without a leading `+`; empty = any. */
  to: readonly string[];
  /** Inclusive lower bound on `received_at`, epoch ms. */
  startMs: number;
  /** Exclusive upper bound on `received_at`, epoch ms. */
  endMs: number | undefined;
  clientReference: string | undefined;
  page: number;
  pageSize: number;
}

/** One page of results, already serialised as Sinch's list answer. */
export interface InboundPageResult {
  count: number;
  itemsOnPage: number;
  json: string;
}

/**
 * The simulator's message store, newest first. Messages with the same `received_at` come
 * latest-stored first, so a burst of `send()`s within one millisecond lists in the order
 * it arrived, deterministically.
 */
export class InboundStore {
  readonly #entries: StoredInbound[] = [];
  readonly #byId = new Map<string, StoredInbound>();
  /** Entries per recipient, newest first; rebuilt with the sort, so `to` filters skip the scan. */
  #byTo = new Map<string, StoredInbound[]>();
  #sorted = true;
  #nextSeq = 0;
  /** How many raw items are stored; while none, `all()` is a plain map. */
  #rawCount = 0;

  /** Whether an inbound with this id is stored. */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /**
   * Reserves `count` arrival numbers for a batch whose first message should count as
   * the latest arrival (as `seed()` lists message 0 as the newest); returns the first.
   */
  reserveBatch(count: number): number {
    const first = this.#nextSeq + count - 1;
    this.#nextSeq += count;
    return first;
  }

  /** Stores an inbound; the caller has checked that its id is new. `seq` defaults to the next arrival. */
  add(wire: WireInbound, receivedAtMs: number, seq: number = this.#nextSeq++): void {
    const frozen = deepFreeze(wire);
    const entry: StoredInbound = { wire: frozen, served: frozen, receivedAtMs, json: undefined, toKey: stripPlus(wire.to), seq };
    this.#entries.push(entry);
    this.#byId.set(wire.id, entry);
    this.#sorted = false;
  }

  /**
   * Stores any JSON value as an item of the list, served exactly as given (an unknown
   * `type`, an invalid field, not even an object): for testing how clients cope. It is
   * listed by `received_at` like the rest, filtered by `to` when it has a string one,
   * and served by id when it has a string `id` not already stored.
   */
  addRaw(item: unknown, receivedAtMs: number): void {
    const obj = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
    const id = typeof obj.id === 'string' && !this.#byId.has(obj.id) ? obj.id : undefined;
    const toKey = typeof obj.to === 'string' ? stripPlus(obj.to) : '';
    this.#rawCount++;
    this.#push({ wire: undefined, served: deepFreeze(structuredClone(item)), receivedAtMs, json: undefined, toKey, seq: this.#nextSeq++ }, id);
  }

  #push(entry: StoredInbound, id: string | undefined): void {
    this.#entries.push(entry);
    if (id !== undefined) this.#byId.set(id, entry);
    this.#sorted = false;
  }

  /** The stored inbound with this id. */
  get(id: string): WireInbound | undefined {
    return this.#byId.get(id)?.wire;
  }


  /** The stored inbound with this id, serialised. */
  getJson(id: string): string | undefined {
    const entry = this.#byId.get(id);
    if (entry === undefined) return undefined;
    return (entry.json ??= JSON.stringify(entry.served));
  }

  /** Every inbound, newest first (raw items left out: they are not inbounds). */
  all(): WireInbound[] {
    const ordered = this.#ordered();
    if (this.#rawCount === 0) return ordered.map((e) => e.wire!);
    const out: WireInbound[] = [];
    for (const e of ordered) if (e.wire !== undefined) out.push(e.wire);
    return out;
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.length = 0;
    this.#byId.clear();
    this.#byTo.clear();
    this.#sorted = true;
    this.#rawCount = 0;
  }

  /** Runs a list query and serialises the page exactly as Sinch answers it. */
  list(query: InboundQuery): InboundPageResult {
    const all = this.#ordered();
    let candidates: readonly StoredInbound[] = all;
    if (query.to.length > 0) {
      const lists = [...new Set(query.to)].map((to) => this.#byTo.get(to) ?? []);
      candidates = lists.length === 1 ? lists[0]! : lists.flat().sort(newestFirst);
    }
    // Sorted by time descending, so the date window is a contiguous slice.
    const from = query.endMs === undefined ? 0 : firstIndexBefore(candidates, query.endMs);
    const until = firstIndexBefore(candidates, query.startMs);
    const start = query.page * query.pageSize;
    let count: number;
    let pageEntries: StoredInbound[];
    if (query.clientReference === undefined) {
      count = until - from;
      pageEntries = candidates.slice(Math.min(from + start, until), Math.min(from + start + query.pageSize, until));
    } else {
      // One pass: count every match, keep only this page's.
      const ref = query.clientReference;
      const end = start + query.pageSize;
      count = 0;
      pageEntries = [];
      for (let i = from; i < until; i++) {
        const e = candidates[i]!;
        if ((e.served as { client_reference?: unknown } | null)?.client_reference !== ref) continue;
        if (count >= start && count < end) pageEntries.push(e);
        count++;
      }
    }
    const items = pageEntries.map((e) => (e.json ??= JSON.stringify(e.served)));
    return {
      count,
      itemsOnPage: items.length,
      json: `{"count":${count},"page":${query.page},"page_size":${items.length},"inbounds":[${items.join(',')}]}`,
    };
  }

  #ordered(): StoredInbound[] {
    if (!this.#sorted) {
      this.#entries.sort(newestFirst);
      const byTo = new Map<string, StoredInbound[]>();
      for (const e of this.#entries) {
        const list = byTo.get(e.toKey);
        if (list === undefined) byTo.set(e.toKey, [e]);
        else list.push(e);
      }
      this.#byTo = byTo;
      this.#sorted = true;
    }
    return this.#entries;
  }
}

/** Strips the optional leading `+` so `+12017777777` and `12017777777` are one number. */
export function stripPlus(number: string): string {
  return number.startsWith('+') ? number.slice(1) : number;
}

function newestFirst(a: StoredInbound, b: StoredInbound): number {
  return b.receivedAtMs - a.receivedAtMs || b.seq - a.seq;
}

/** Index of the first entry received strictly before `ms` in a newest-first array. */
function firstIndexBefore(entries: readonly StoredInbound[], ms: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.receivedAtMs >= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
