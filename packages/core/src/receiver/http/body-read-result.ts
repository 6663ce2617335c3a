/**
 * The outcome of reading a request body under a byte limit: the bytes, or why there
 * are none — over the limit, the client went away, or someone (a body-parser
 * middleware) already consumed the stream.
 */
export type BodyReadResult =
  | { kind: 'body'; body: Uint8Array }
  | { kind: 'too_large' }
  | { kind: 'aborted'; error?: unknown }
  | { kind: 'consumed' };
