import type { HttpAnswer } from './http-sender.js';

/** What one HTTP attempt came to: an answer of any status, a failure to get one, or no answer in time. */
export type AttemptOutcome =
  | { type: 'answer'; answer: HttpAnswer }
  | { type: 'network'; cause: unknown }
  | { type: 'timeout' };

/** Whether a failed attempt may be sent again (backoff and `maxRetries` still apply). */
export type RetryRule = (outcome: AttemptOutcome) => boolean;
