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
