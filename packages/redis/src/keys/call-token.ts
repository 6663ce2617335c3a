/**
 * A token for one call that writes a key: it only has to differ from the token of any
 * other call writing the same key while that key lives, so that a write re-sent after a
 * lost reply recognises its own. Not a secret (a replay cannot choose ours). A whole
 * number, because Redis stores one inside its value object: a string token would cost
 * every nonce key a further allocation (measured: ~200 B per nonce instead of ~165 B).
 */
export function callToken(): string {
  return String(1 + Math.floor(Math.random() * (Number.MAX_SAFE_INTEGER - 1)));
}
