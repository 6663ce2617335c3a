import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpiringMap } from '../../src/collections/expiring-map.js';

// The obvious, slow model: an insertion-ordered list of live entries.
class ModelMap {
  entries: { key: string; value: number; expiresAt: number }[] = [];
  dropped = 0;
  constructor(readonly max: number) {}
  get(key: string, now: number): number | undefined {
    const e = this.entries.find((x) => x.key === key);
    return e !== undefined && e.expiresAt > now ? e.value : undefined;
  }
  set(key: string, value: number, expiresAt: number): void {
    this.delete(key);
    this.entries.push({ key, value, expiresAt });
    while (this.entries.length > this.max) {
      this.entries.shift();
      this.dropped++;
    }
  }
  putIfAbsent(key: string, value: number, expiresAt: number, now: number): number | undefined {
    const present = this.get(key, now);
    if (present !== undefined) return present;
    this.set(key, value, expiresAt);
    return undefined;
  }
  update(key: string, value: number, expiresAt: number): void {
    const e = this.entries.find((x) => x.key === key);
    if (e === undefined) this.set(key, value, expiresAt);
    else Object.assign(e, { value, expiresAt });
  }
  delete(key: string): void {
    this.entries = this.entries.filter((x) => x.key !== key);
  }
  prune(now: number, budget: number): void {
    while (this.entries.length > 0 && this.entries[0]!.expiresAt <= now && budget-- > 0) this.entries.shift();
  }
}

describe('ExpiringMap', () => {
  it('expires, evicts the oldest insertion first, and moves re-set keys to the back', () => {
    const m = new ExpiringMap<string>(2);
    m.set('a', 'A', 100);
    m.set('b', 'B', 100);
    m.set('a', 'A2', 100); // a is now newer than b
    m.set('c', 'C', 100); // evicts b
    expect(m.get('b', 0)).toBeUndefined();
    expect(m.get('a', 0)).toBe('A2');
    expect(m.get('c', 0)).toBe('C');
    expect(m.get('c', 100)).toBeUndefined();
    m.prune(100);
    expect(m.size).toBe(0);
  });

  it('behaves like the obvious model under any sequence of operations', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const op = fc.oneof(
      fc.record({ op: fc.constant('set' as const), key, value: fc.integer(), ttl: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant('putIfAbsent' as const), key, value: fc.integer(), ttl: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant('update' as const), key, value: fc.integer(), ttl: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant('delete' as const), key }),
      fc.record({ op: fc.constant('prune' as const), budget: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ op: fc.constant('tick' as const), by: fc.integer({ min: 0, max: 30 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 200 }), (max, ops) => {
        const real = new ExpiringMap<number>(max);
        const model = new ModelMap(max);
        let now = 0;
        for (const o of ops) {
          if (o.op === 'set') {
            real.set(o.key, o.value, now + o.ttl);
            model.set(o.key, o.value, now + o.ttl);
          } else if (o.op === 'putIfAbsent') {
            expect(real.putIfAbsent(o.key, o.value, now + o.ttl, now)).toBe(model.putIfAbsent(o.key, o.value, now + o.ttl, now));
          } else if (o.op === 'update') {
            real.update(o.key, o.value, now + o.ttl);
            model.update(o.key, o.value, now + o.ttl);
          } else if (o.op === 'delete') {
            real.delete(o.key);
            model.delete(o.key);
          } else if (o.op === 'prune') {
            real.prune(now, o.budget);
            model.prune(now, o.budget);
          } else {
            now += o.by;
          }
          expect(real.size).toBe(model.entries.length);
          expect(real.dropped).toBe(model.dropped);
          for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) expect(real.get(k, now)).toBe(model.get(k, now));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps expiries exact however far apart they are: infinite ones, epoch milliseconds, and ones set before any finite one', () => {
    const m = new ExpiringMap<string>(10);
    m.set('forever', 'F', Infinity);
    m.set('never', 'N', NaN);
    m.set('soon', 'S', 1_700_000_000_000);
    m.set('far', 'X', 1_700_000_000_000 + 400 * 24 * 3600 * 1000); // past V8's small integers from the epoch
    m.set('past', 'P', -5);
    expect(m.get('never', -Infinity)).toBeUndefined();
    expect(m.get('forever', Number.MAX_VALUE)).toBe('F');
    expect(m.get('soon', 1_699_999_999_999)).toBe('S');
    expect(m.get('soon', 1_700_000_000_000)).toBeUndefined();
    expect(m.get('far', 1_700_000_000_001)).toBe('X');
    expect(m.get('past', -6)).toBe('P');
    expect(m.get('past', -5)).toBeUndefined();
    expect(m.putIfAbsent('soon', 'S2', 1_800_000_000_000, 1_700_000_000_000)).toBeUndefined();
    expect(m.get('soon', 1_799_999_999_999)).toBe('S2');
  });

  it('stays bounded and correct through far more insertions than its capacity', () => {
    const m = new ExpiringMap<number>(1000);
    for (let i = 0; i < 50_000; i++) m.set(`k${i}`, i, Number.MAX_SAFE_INTEGER);
    expect(m.size).toBe(1000);
    expect(m.get('k49000', 0)).toBe(49_000);
    expect(m.get('k49999', 0)).toBe(49_999);
    expect(m.get('k48999', 0)).toBeUndefined();
  });
});
