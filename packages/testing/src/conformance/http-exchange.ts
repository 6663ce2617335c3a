import { once } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';
import net from 'node:net';

/** An answer as the client saw it. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request the kit sends; `body` bytes go out exactly as given. */
export interface HttpCall {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Sent in these pieces with chunked encoding instead of one body with a length. */
  chunks?: readonly Uint8Array[];
}

/** The kit's HTTP client for one case, bound to the webhook's URL. */
export interface KitHttp {
  /** Sends one request and resolves with the whole answer. */
  exchange(call: HttpCall): Promise<HttpAnswer>;
  /** See {@link answerWhileSending}. */
  answerWhileSending(headers: Record<string, string>, chunk: Uint8Array, maxBytes?: number): Promise<HttpAnswer>;
  /** See {@link abortMidBody}. */
  abortMidBody(headers: Record<string, string>, sent: Uint8Array, declaredLength: number): Promise<void>;
  /**
   * Drops every connection the kit still has open (a request a hung adapter never
   * answered), so that stopping the adapter does not wait on the kit.
   */
  dispose(): void;
}

/**
 * A client whose requests each get their own connection (no keep-alive: every request of
 * a concurrent batch is its own socket) from one agent the case can tear down.
 */
export function createKitHttp(url: string): KitHttp {
  const agent = new http.Agent({ keepAlive: false });
  return {
    exchange: (call) => exchange(url, agent, call),
    answerWhileSending: (headers, chunk, maxBytes) => answerWhileSending(url, agent, headers, chunk, maxBytes),
    abortMidBody: (headers, sent, declaredLength) => abortMidBody(url, headers, sent, declaredLength),
    dispose: () => agent.destroy(),
  };
}

function exchange(url: string, agent: http.Agent, call: HttpCall): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: call.method ?? 'POST', headers: call.headers ?? {}, agent }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (call.chunks === undefined) {
      req.end(call.body);
      return;
    }
    writeInTurn(req, call.chunks).then(() => req.end(), reject);
  });
}

async function writeInTurn(req: http.ClientRequest, chunks: readonly Uint8Array[]): Promise<void> {
  for (const chunk of chunks) {
    // One write per turn of the event loop, so the pieces reach the server apart.
    if (!req.write(chunk)) await once(req, 'drain');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Starts sending a body that never ends — `chunk` again and again, at most `maxBytes` in
 * all — and resolves with the answer that comes while the request is still open. An
 * adapter that waits for the whole body never answers (the case's deadline then fails
 * it). Stops writing and drops the connection once answered.
 */
function answerWhileSending(url: string, agent: http.Agent, headers: Record<string, string>, chunk: Uint8Array, maxBytes = Infinity): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method: 'POST', headers, agent }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      const done = (): void => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') });
        req.destroy();
      };
      res.on('end', done);
      // The server may reset the connection right after its answer, while the kit still writes.
      res.on('error', done);
    });
    // Once answered, a reset (the server refusing the rest of the body) is expected.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    let written = 0;
    const pump = (): void => {
      while (!answered && !req.destroyed && written + chunk.byteLength <= maxBytes) {
        written += chunk.byteLength;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    req.flushHeaders();
    setImmediate(pump);
  });
}

/**
 * Sends a request whose head declares `declaredLength` bytes, writes only `sent`, then
 * drops the connection — a client that goes away mid-body. Resolves once the socket is
 * closed on both sides.
 */
async function abortMidBody(url: string, headers: Record<string, string>, sent: Uint8Array, declaredLength: number): Promise<void> {
  const { hostname, port, pathname, search } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  await once(socket, 'connect');
  const head = [`POST ${pathname}${search} HTTP/1.1`, `host: ${hostname}:${port}`, `content-length: ${declaredLength}`];
  for (const name of Object.keys(headers)) if (name.toLowerCase() !== 'content-length') head.push(`${name}: ${headers[name]}`);
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  // Hand the bytes to the kernel before closing, so the server gets the head and part of
  // the body, then the end of the connection.
  await new Promise((resolve) => socket.write(sent, resolve));
  const closed = once(socket, 'close');
  socket.destroy();
  await closed;
}
