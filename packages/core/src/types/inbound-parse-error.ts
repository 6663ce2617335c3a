/**
 * Thrown when a payload is not a valid Sinch object. `path` points at the offending
 * value in JSONPath style (`$.body.media[0].code`), `reason` says what is wrong with it.
 */
export class InboundParseError extends Error {
  override readonly name = 'InboundParseError';
  /** Where in the payload the problem is, e.g. `$.received_at`; `$` is the whole payload. */
  readonly path: string;
  /** What is wrong there, in plain words. */
  readonly reason: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`${path}: ${reason}`, options);
    this.path = path;
    this.reason = reason;
  }
}
