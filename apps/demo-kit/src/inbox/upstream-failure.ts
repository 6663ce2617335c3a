import { SinchApiError, SinchAuthError, SinchNetworkError, SinchTimeoutError } from '@sinch-inbounds/core';

/**
 * Whether `error` means Sinch (or the network to it) failed rather than this app — an
 * HTTP 502 with the client's explanation, where anything else is the app's own 500.
 */
export function isUpstreamFailure(error: unknown): error is Error {
  return [SinchApiError, SinchAuthError, SinchNetworkError, SinchTimeoutError].some((type) => error instanceof type);
}
