import type { ReplayGuard } from '@sinch-inbounds/core';
import type { RedisClient } from '../client/redis-client.js';

/** Where a `RedisReplayGuard` keeps its nonces. */
interface GuardHome {
  readonly client: RedisClient;
  readonly prefix: string;
}

const homes = new WeakMap<object, GuardHome>();

/** Records where `guard` keeps its nonces; called by the `RedisReplayGuard` constructor. */
export function noteGuardHome(guard: ReplayGuard, client: RedisClient, prefix: string): void {
  homes.set(guard, { client, prefix });
}

/**
 * The pairing rule: true when `guard` is a `RedisReplayGuard` keeping its nonces on
 * `client` under `prefix` (its keys named by `nonceKey(prefix, nonce)`). A dedupe store
 * on the same client and prefix may then write them itself, in the script that claims
 * a dedupe key.
 */
export function keepsNoncesWith(guard: ReplayGuard, client: RedisClient, prefix: string): boolean {
  const home = homes.get(guard);
  return home !== undefined && home.client === client && home.prefix === prefix;
}
