import { SinchClientError } from '../errors.js';

/**
 * Sinch accepted a batch (a 2xx answer) but the answer has no readable batch id. The
 * message **was sent**: do not send it again. `status` and `text` are the answer as
 * received; the `cause` says what was wrong with it.
 */
export class SentButUnreadableError extends SinchClientError {
  override name = 'SentButUnreadableError';
  /** The 2xx status Sinch answered. */
  readonly status: number;
  /** The answer's body as received. */
  readonly text: string;

  constructor(request: string, status: number, text: string, options: { cause: unknown }) {
    super(`Sinch accepted ${request} (${status}) but its answer has no readable batch id; the message was sent, do not send it again`, options);
    this.status = status;
    this.text = text;
  }
}
