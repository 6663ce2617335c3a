/**
 * The Redis client was not connected when a store call was made (connecting, or
 * reconnecting after Redis went away). The call fails at once instead of waiting in the
 * client's offline queue: the webhook receiver answers 500, Sinch delivers again later,
 * and the first call after the client reconnects succeeds.
 */
export class RedisNotReadyError extends Error {
  override readonly name = 'RedisNotReadyError';

  constructor(state: string) {
    super(`Redis is not connected (client ${state}); the call failed at once instead of waiting for a reconnect`);
  }
}
