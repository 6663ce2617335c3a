/**
 * Clients seen connected at least once, shared by every store over the same client: from
 * then on a call made while the client is disconnected fails at once, as an outage.
 */
export const seenReady = new WeakSet<object>();
