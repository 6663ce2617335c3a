import { luaScript } from '../client/lua-script.js';
import { CLAIM_KEY } from '../lua/claim-key.js';
import { REMEMBER_NONCE } from '../lua/remember-nonce.js';

/**
 * The replay guard's nonce write and the dedupe claim in one script, one round trip:
 * KEYS nonce key, dedupe key (one hash slot); ARGV token, nonce TTL, claim value, lease.
 * Answers `{ fresh, claim }` as the two scripts would, each step exactly as in its own
 * script: both always run, as the receiver claims a seen nonce's key too (to tell
 * Sinch's own re-sending of a request from a replay).
 */
export const NONCE_CLAIM = luaScript(`${REMEMBER_NONCE}${CLAIM_KEY}return { remember(KEYS[1], ARGV[1], ARGV[2]), claim(KEYS[2], ARGV[3], ARGV[4]) }`);

/**
 * Undoes a {@link NONCE_CLAIM} whose answer never reached the receiver (it failed, or
 * was still pending when the receiver answered 500): deletes the nonce key, as the
 * guard's `forget` does, and the dedupe key only while it holds that very call's claim
 * (ARGV claim value) — no handler runs under a claim nobody was told of, and without
 * this a landed claim would hold the key until its lease ends, where a separate claim,
 * never sent after a failed nonce write, holds nothing. KEYS nonce key, dedupe key.
 */
export const FORGET_NONCE_CLAIM = luaScript(`
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 0
`);
