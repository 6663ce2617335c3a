import type { IncomingMessage, ServerResponse } from 'node:http';

// Proxies and browsers drop idle streams; a comment line every so often keeps it open.
const HEARTBEAT_MS = 25_000;

/** Server-Sent Events to every open inbox page. */
export class SseChannel {
  readonly #clients = new Set<ServerResponse>();
  readonly #heartbeat = setInterval(() => this.#write(': keep-alive\n\n'), HEARTBEAT_MS).unref();

  /** Turns a request into an event stream that stays open until the page goes away. */
  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    this.#clients.add(res);
    req.on('close', () => this.#clients.delete(res));
  }

  /** Sends one named event, its data as JSON, to every open page. */
  send(event: string, data: unknown): void {
    this.#write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends every stream and the heartbeat, so the server can close. */
  close(): void {
    clearInterval(this.#heartbeat);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #write(frame: string): void {
    for (const res of this.#clients) res.write(frame);
  }
}
