import type { BodyReadResult } from './body-read-result.js';

/**
 * Reads a web-standard `Request` body, at most `maxBytes` of it, cancelling the stream
 * as soon as the limit is passed. Never rejects: a failing stream resolves `aborted`,
 * an already-read one resolves `consumed`.
 */
export async function readWebBody(request: Request, maxBytes: number): Promise<BodyReadResult> {
  if (request.bodyUsed) return { kind: 'consumed' };
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) return { kind: 'too_large' };
  const stream = request.body;
  if (stream === null) return { kind: 'body', body: new Uint8Array(0) };

  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Cancelling tells the source to stop sending; nothing more is buffered.
        reader.cancel().catch(() => {});
        return { kind: 'too_large' };
      }
      chunks.push(value);
    }
  } catch (error) {
    return { kind: 'aborted', error };
  } finally {
    reader.releaseLock();
  }
  if (chunks.length === 1) return { kind: 'body', body: chunks[0] as Uint8Array };
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'body', body };
}
