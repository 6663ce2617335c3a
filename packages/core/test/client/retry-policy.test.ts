import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRetryableStatus, parseRetryAfter, retryDelay } from '../../src/client/retry-policy.js';

const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 5_000 };

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    expect(parseRetryAfter('1.5')).toBe(1500);
  });

  it('reads an HTTP date relative to now, and a past date as 0', () => {
    const now = Date.UTC(2015, 9, 21, 7, 28, 0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-3')).toBeUndefined();
    expect(parseRetryAfter('2024')).toBe(2_024_000);
    expect(parseRetryAfter('')).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it('uses Retry-After when given, capped by maxDelayMs', () => {
    expect(retryDelay(policy, 0, 1200)).toBe(1200);
    expect(retryDelay(policy, 0, 3_600_000)).toBe(5_000);
  });

  it('draws full jitter below an exponentially growing, capped ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (retry, r) => {
        const d = retryDelay(policy, retry, undefined, () => r);
        const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
      }),
    );
    expect(retryDelay(policy, 3, undefined, () => 0.5)).toBe(400);
  });
});

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });
});
