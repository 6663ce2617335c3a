import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One request as the server saw it. */
export interface ListRequest {
  /** Order of arrival at the server, from 0. */
  index: number;
  page: number;
  pageSize: number;
  startDate: string | undefined;
  endDate: string | undefined;
}

/**
 * What the test does with a request before it is answered: mutate the list (arrivals,
 * messages falling out), wait for another request, or fail it. Returning a status
 * answers that error instead of the page.
 */
export type BeforeAnswer = (request: ListRequest, server: ListServer) => Promise<number | void> | number | void;

interface Stored {
  id: string;
  ms: number;
  seq: number;
}

/**
 * A deliberately small stand-in for Sinch's List inbounds endpoint (SPEC §2), independent
 * of the project's simulator: newest first (same instant: latest stored first),
 * `start_date` inclusive (default: its clock − 24 h, a rolling window), `end_date`
 * exclusive, `page`/`page_size`. Each page is computed after `beforeAnswer` has run, so
 * a test controls exactly what lands between two requests.
 */
export class ListServer {
  readonly servicePlanId = 'mini-plan';
  readonly apiToken = 'mini-token';
  readonly requests: ListRequest[] = [];
  /** The server's clock, for the default window; tests move it. */
  nowMs: number;
  beforeAnswer: BeforeAnswer | undefined;
  readonly #answered = new Set<ListRequest>();
  readonly #waiters: { match: (r: ListRequest) => boolean; resolve: (r: ListRequest) => void }[] = [];
  #items: Stored[] = [];
  #seq = 0;
  #server: Server | undefined;
  #url = '';

  constructor(nowMs: number) {
    this.nowMs = nowMs;
  }

  get url(): string {
    return this.#url;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#answer(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Resolves once a request matching `match` has been answered (an error or a page). */
  whenAnswered(match: (request: ListRequest) => boolean): Promise<ListRequest> {
    const done = [...this.#answered].find(match);
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  #settle(request: ListRequest): void {
    this.#answered.add(request);
    for (const waiter of this.#waiters.splice(0)) {
      if (waiter.match(request)) waiter.resolve(request);
      else this.#waiters.push(waiter);
    }
  }

  /** Stores a message received at `ms`; returns its id. */
  add(ms: number, id = `M${String(this.#seq).padStart(6, '0')}`): string {
    this.#items.push({ id, ms, seq: this.#seq++ });
    this.#items.sort((a, b) => b.ms - a.ms || b.seq - a.seq);
    return id;
  }

  /** Forgets the oldest message, as a retention limit would. */
  removeOldest(): void {
    this.#items.pop();
  }

  /** Every stored id, newest first; optionally only those received in `[startMs, endMs)`. */
  ids(startMs = -Infinity, endMs = Infinity): string[] {
    return this.#items.filter((m) => m.ms >= startMs && m.ms < endMs).map((m) => m.id);
  }

  /** When a stored message was received. */
  receivedAt(id: string): number {
    const item = this.#items.find((m) => m.id === id);
    if (item === undefined) throw new Error(`no message ${id}`);
    return item.ms;
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== `/xms/v1/${this.servicePlanId}/inbounds`) {
      res.writeHead(404).end();
      return;
    }
    const params = url.searchParams;
    const request: ListRequest = {
      index: this.requests.length,
      page: Number(params.get('page') ?? 0),
      pageSize: Number(params.get('page_size') ?? 30),
      startDate: params.get('start_date') ?? undefined,
      endDate: params.get('end_date') ?? undefined,
    };
    this.requests.push(request);
    const status = await this.beforeAnswer?.(request, this);
    if (typeof status === 'number') {
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"code":"unavailable","text":"try again"}', () => this.#settle(request));
      return;
    }
    const startMs = request.startDate === undefined ? this.nowMs - DAY_MS : Date.parse(request.startDate);
    const endMs = request.endDate === undefined ? Infinity : Date.parse(request.endDate);
    const matching = this.#items.filter((m) => m.ms >= startMs && m.ms < endMs);
    const from = request.page * request.pageSize;
    const inbounds = matching.slice(from, from + request.pageSize).map((m) => ({
      type: 'mo_text',
      id: m.id,
      from: '46700000001',
      to: '12017777777',
      body: m.id,
      received_at: new Date(m.ms).toISOString(),
    }));
    const body = JSON.stringify({ count: matching.length, page: request.page, page_size: inbounds.length, inbounds });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body, () => this.#settle(request));
  }
}

/** Starts a {@link ListServer} whose clock reads `nowMs`. */
export function startListServer(nowMs: number): Promise<ListServer> {
  return new ListServer(nowMs).start();
}
