import type { ServerResponse } from 'node:http';
import type { WebhookResponse } from './response.js';

/**
 * Writes a receiver's answer to a Node response (`http.ServerResponse`, and Express's and
 * Nest-on-Express's, which are one): status, headers and body, with its
 * `content-length`. Without the length, `writeHead` would commit the response to chunked
 * encoding — chunk framing and a terminating chunk for a body a few bytes long.
 */
export function writeNodeResponse(res: ServerResponse, response: WebhookResponse): void {
  const head: string[] = [];
  for (const name of Object.keys(response.headers)) head.push(name, response.headers[name] as string);
  head.push('content-length', String(utf8Length(response.body)));
  res.writeHead(response.status, head).end(response.body);
}

// The body's length in UTF-8 bytes, without Buffer (this file is in the web build too).
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3; // a lone surrogate is written as U+FFFD, 3 bytes
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
