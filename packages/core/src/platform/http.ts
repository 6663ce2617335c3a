import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { HttpAnswer, HttpSender } from './interfaces.js';

/**
 * The default sender on Node: Node's own `http`/`https` with the global keep-alive
 * agents. It costs about half the CPU per request of the global `fetch` (measured in
 * bench/iterate.bench.mjs), which is what a long `iterate` spends most of its time on.
 */
export const defaultHttpSender: HttpSender = ({ method, url, headers, body, signal }) =>
  new Promise<HttpAnswer>((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing: Record<string, string> = { ...headers };
    if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
    const req = send(target, { method, headers: outgoing, signal }, (res) => {
      readBody(res).then(
        (text) => resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res), text }),
        reject,
      );
    });
    req.on('error', reject);
    req.end(body);
  });

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    // Nothing asks for compression, but a proxy may still apply it.
    const encoding = (res.headers['content-encoding'] ?? 'identity').toLowerCase();
    const stream =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? res.pipe(createGunzip())
        : encoding === 'deflate'
          ? res.pipe(createInflate())
          : encoding === 'br'
            ? res.pipe(createBrotliDecompress())
            : res;
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
    if (stream !== res) res.on('error', reject);
    // A connection cut mid-body ends the message without 'end' on some Node versions.
    res.on('close', () => {
      if (!res.complete) reject(new Error('connection closed before the whole answer arrived'));
    });
  });
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
