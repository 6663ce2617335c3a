import type { HttpSender } from './interfaces.js';

/** The `fetch` the client can be given instead of its own HTTP sender (proxies, other runtimes, tests). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** A sender over a `fetch` function: an injected one, or the web build's default. */
export function fetchSender(fetchFn: FetchLike): HttpSender {
  return async ({ method, url, headers, body, signal }) => {
    const init: RequestInit = { method, headers, signal };
    if (body !== undefined) init.body = body;
    const response = await fetchFn(url, init);
    const text = await response.text();
    const answerHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      answerHeaders[name.toLowerCase()] = value;
    });
    return { status: response.status, headers: answerHeaders, text };
  };
}
