/** Options of `redisDedupeStore` and `redisReplayGuard`. */
export interface RedisStoreOptions {
  /**
   * Starts every key name this package writes (but the nonce keys written with a claim,
   * which start with a hash tag holding a dedupe key's name), so its keys are easy to find
   * and never collide with the app's. Default `'sinch-inbounds:'`. Give several receivers that
   * must not share memory (two Sinch accounts, say) different prefixes.
   */
  prefix?: string;
}

/** The default key prefix: names the library, so `SCAN MATCH *sinch-inbounds:*` finds every key. */
export const DEFAULT_PREFIX = 'sinch-inbounds:';

/** The prefix from `options`, checked. */
export function prefixOf(options: RedisStoreOptions | undefined, who: string): string {
  const prefix = options?.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string') throw new TypeError(`${who}: prefix must be a string`);
  return prefix;
}
