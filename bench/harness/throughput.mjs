// In-process throughput measurement: variants run in interleaved rounds so that a
// noisy neighbour slows all of them alike, and the median round is reported.

/**
 * @param {Record<string, () => unknown>} variants name → one operation
 * @param {{ rounds?: number, roundMs?: number, warmupMs?: number }} [options]
 * @returns {Record<string, number>} median operations per second of each variant
 */
export function measureThroughput(variants, { rounds = 7, roundMs = 300, warmupMs = 300 } = {}) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  let sink = 0;
  const runFor = (fn, ms) => {
    let ops = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(ms * 1e6);
    let now = start;
    while (now < end) {
      for (let i = 0; i < 256; i++) if (fn() !== undefined) sink++;
      ops += 256;
      now = process.hrtime.bigint();
    }
    return (ops * 1e9) / Number(now - start);
  };
  for (const name of names) runFor(variants[name], warmupMs);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(runFor(variants[name], roundMs));
  }
  if (sink < 0) console.log(sink);
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
