/** The Redis key that remembers `nonce` for a replay guard under `prefix`. */
export function nonceKey(prefix: string, nonce: string): string {
  return `${prefix}nonce:${nonce}`;
}
