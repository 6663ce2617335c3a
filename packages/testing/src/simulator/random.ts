import { randomInt } from 'node:crypto';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: tiny, fast and good enough to make faults and generated data repeat
 * exactly for a given seed (not for anything secret).
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random seed, for simulators started without one. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 32 - 1);
}

/** An integer in [min, max] drawn from `random`. */
export function randomIntBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-shaped id (48-bit time, 80 random bits in Crockford Base32) drawn from a
 * seeded generator, so seeded simulators produce the same ids run after run. Core's
 * `ulid()` uses crypto randomness and is used when no seed is given.
 */
export function seededUlid(random: Random, timeMs: number): string {
  let out = '';
  let time = Math.max(0, Math.floor(timeMs));
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[time % 32]! + out;
    time = Math.floor(time / 32);
  }
  for (let i = 0; i < 16; i++) out += CROCKFORD[Math.floor(random() * 32)];
  return out;
}
