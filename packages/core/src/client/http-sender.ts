// The client's HTTP seam lives in platform/: Node's http/https by default on Node, the
// global fetch on the web build, or an injected fetch on either.
export type { HttpAnswer, HttpExchange, HttpSender } from '../platform/interfaces.js';
export { fetchSender, type FetchLike } from '../platform/fetch-sender.js';
export { defaultHttpSender } from '../platform/http.js';
