import type { IncomingMessage } from 'node:http';
import { platformBytes } from '../platform/bytes.js';
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
    const finish = (result: BodyReadResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      // Keep a no-op listener: a late 'error' (e.g. ECONNRESET) must not crash the process.
      req.on('error', ignore);
      resolve(result);
    };
    const onData = (chunk: Uint8Array | string): void => {
      const buf = typeof chunk === 'string' ? platformBytes.encodeUtf8(chunk) : chunk;
      size += buf.byteLength;
      if (size > maxBytes) {
        chunks.length = 0;
        finish({ kind: 'too_large' });
        return;
      }
      chunks.push(buf);
    };
    const onEnd = (): void => finish({ kind: 'body', body: chunks.length === 1 ? (chunks[0] as Uint8Array) : platformBytes.concat(chunks, size) });
    const onError = (error: unknown): void => finish({ kind: 'aborted', error });
    // 'close' before 'end' means the client went away mid-body.
    const onClose = (): void => finish({ kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
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

function ignore(): void {}
