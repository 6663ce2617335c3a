import type { ServerResponse } from 'node:http';
import { platformBytes } from '../../platform/bytes.js';
import type { WebhookResponse } from './response.js';

/**
 * Writes a receiver's answer to a Node response (`http.ServerResponse`, and Express's and
 * Nest-on-Express's, which are one): status, headers and body, with its
 * `content-length`. Without the length, `writeHead` would commit the response to chunked
 * encoding — chunk framing and a terminating chunk for a body a few bytes long.
 */
export function writeNodeResponse(res: ServerResponse, response: WebhookResponse): void {
  // Encoded once, so the length is the bytes actually written (a lone surrogate becomes U+FFFD).
  const body = platformBytes.encodeUtf8(response.body);
  const head: string[] = [];
  for (const name of Object.keys(response.headers)) head.push(name, response.headers[name] as string);
  head.push('content-length', String(body.byteLength));
  res.writeHead(response.status, head).end(body);
}
