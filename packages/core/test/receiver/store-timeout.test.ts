import { describe, expect, it } from 'vitest';
import { MemoryDedupeStore } from '../../src/index.js';
import { StoreTimeoutError, withStoreTimeout } from '../../src/receiver/stores/store-timeout.js';

describe('withStoreTimeout', () => {
  it("passes the in-memory store's already-settled answers through without racing a timer", async () => {
    const store = new MemoryDedupeStore();
    const claim = store.claim('a', 1_000);
    expect(withStoreTimeout(claim, 1, 'claim()')).toBe(claim);
    await expect(claim).resolves.toBe('claimed');
    const again = store.claim('a', 1_000);
    expect(withStoreTimeout(again, 1, 'claim()')).toBe(again);
    await expect(again).resolves.toBe('in_flight');
    const complete = store.complete('a', 1_000);
    expect(withStoreTimeout(complete, 1, 'complete()')).toBe(complete);
    await expect(store.claim('a', 1_000)).resolves.toBe('done');
    // release() drops a claim (never a done key): claim another key to release.
    await store.claim('b', 1_000);
    const release = store.release('b');
    expect(withStoreTimeout(release, 1, 'release()')).toBe(release);
    await expect(store.claim('b', 1_000)).resolves.toBe('claimed');
  });

  it('still races any other promise against the timeout', async () => {
    const other = Promise.resolve('claimed');
    const raced = withStoreTimeout(other, 1_000, 'claim()');
    expect(raced).not.toBe(other);
    await expect(raced).resolves.toBe('claimed');
    await expect(withStoreTimeout(new Promise<never>(() => {}), 5, 'claim()')).rejects.toBeInstanceOf(StoreTimeoutError);
  });
});
