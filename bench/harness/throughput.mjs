// In-process throughput measurement: variants run in interleaved rounds so that a
// noisy neighbour slows all of them alike, and the median round is reported. A variant
// that returns nothing (a check it failed, a broken build) stops the bench: counted, it
// would read as fast.

/**
 * Ops/s of every variant in every round; rounds alternate the order of the variants.
 * @param {Record<string, () => unknown>} variants name → one operation (must return a value)
 * @param {{ rounds?: number, roundMs?: number, warmupMs?: number }} [options]
 * @returns {Record<string, number[]>} name → ops/s per round, in round order
 */
export function measureRounds(variants, { rounds = 7, roundMs = 300, warmupMs = 300 } = {}) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  let sink = 0;
  const runFor = (name, ms) => {
    const fn = variants[name];
    let ops = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(ms * 1e6);
    let now = start;
    while (now < end) {
      for (let i = 0; i < 256; i++) {
        const result = fn();
        if (result === undefined) throw new Error(`${name}: returned nothing after ${ops + i} operations (a failed check): stopping the bench`);
        sink ^= typeof result === 'object' ? 1 : 2;
      }
      ops += 256;
      now = process.hrtime.bigint();
    }
    return (ops * 1e9) / Number(now - start);
  };
  for (const name of names) runFor(name, warmupMs);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(runFor(name, roundMs));
  }
  if (sink < 0) console.log(sink);
  return samples;
}

/**
 * @param {Record<string, () => unknown>} variants name → one operation (must return a value)
 * @param {{ rounds?: number, roundMs?: number, warmupMs?: number }} [options]
 * @returns {Record<string, number>} median operations per second of each variant
 */
export function measureThroughput(variants, options) {
  const samples = measureRounds(variants, options);
  return Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, median(s)]));
}

/** Per-round ratios `a[i] / b[i]` of two variants' samples taken in the same rounds. */
export function roundRatios(a, b) {
  return a.map((x, i) => x / b[i]);
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
