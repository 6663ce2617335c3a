/**
 * A key's time to live as Redis accepts it in `PX`: a whole number of ms, at least 1
 * (Redis refuses a `PX` of 0, below 0 or with a fraction, so a lapsed or fractional
 * span is rounded up instead of failing the write).
 */
export function positiveMs(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
