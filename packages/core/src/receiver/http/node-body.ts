import type { IncomingMessage } from 'node:http';
import { platformBytes } from '../../platform/bytes.js';
import type { BodyReadResult } from './body-read-result.js';

/**
 * Reads a Node request body, at most `maxBytes` of it. Over the limit it stops storing
 * at once and resolves `too_large` (what is still in flight is discarded by Node, never
 * buffered); a client that disconnects mid-body resolves `aborted`; a stream a body
 * parser already read resolves `consumed`. Never rejects, never waits for data that
 * cannot come.
 */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<BodyReadResult> {
  if (isConsumed(req)) return Promise.resolve({ kind: 'consumed' });
  const declared = declaredLength(req);
  if (declared !== undefined && declared > maxBytes) return Promise.resolve({ kind: 'too_large' });

  return new Promise<BodyReadResult>((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    // The listeners stay on once settled (removing four costs more than the request is
    // worth, and the request is done with): they ignore what comes after, and the 'error'
    // one keeps a late error (e.g. ECONNRESET) from crashing the process.
    const finish = (result: BodyReadResult): void => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve(result);
    };
    req.on('data', (chunk: Uint8Array | string): void => {
      if (settled) return;
      const buf = typeof chunk === 'string' ? platformBytes.encodeUtf8(chunk) : chunk;
      size += buf.byteLength;
      // Over the limit: stop storing at once; what is still in flight is discarded.
      if (size > maxBytes) finish({ kind: 'too_large' });
      else chunks.push(buf);
    });
    req.on('end', (): void => {
      if (!settled) finish({ kind: 'body', body: chunks.length === 1 ? (chunks[0] as Uint8Array) : platformBytes.concat(chunks, size) });
    });
    req.on('error', (error: unknown): void => finish({ kind: 'aborted', error }));
    // 'close' before 'end' means the client went away mid-body.
    req.on('close', (): void => finish({ kind: 'aborted' }));
    // The request may already be paused by an earlier middleware; 'data' listeners only
    // resume a stream that was never paused explicitly.
    if (req.isPaused()) req.resume();
  });
}

/** True when a body parser (or anything else) already read the request stream to its end. */
export function isConsumed(req: IncomingMessage): boolean {
  // body-parser 1.x (Express 4) sets `_body`; 2.x (Express 5) relies on the stream state.
  return (
    (req as IncomingMessage & { _body?: unknown })._body === true ||
    req.readableEnded ||
    (req.complete && !req.readable)
  );
}

function declaredLength(req: IncomingMessage): number | undefined {
  const value = req.headers['content-length'];
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

