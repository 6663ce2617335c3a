// One way for every bench to judge its targets: the median of per-round ratios against
// the target, the spread over rounds beside it, MET / NOT MET, and a non-zero exit code
// when any target of the run is not met (benches are not part of the test command, so
// the exit code is what a script or CI step sees).
import { loadavg } from 'node:os';
import { median } from './throughput.mjs';

/**
 * Prints one target row and records it; sets `process.exitCode = 1` when it is not met.
 * @param {{ label: string, perRound: number[], atLeast?: number, atMost?: number, unit?: string, note?: string }} row
 *   `perRound`: the ratio (or count) of each round; the median is judged. `unit` defaults to ×.
 * @returns {{ value: number, met: boolean }}
 */
export function judge({ label, perRound, atLeast, atMost, unit = '×', note }) {
  const value = median(perRound);
  const met = atLeast !== undefined ? value >= atLeast : value <= atMost;
  const target = atLeast !== undefined ? `≥ ${atLeast}${unit}` : `≤ ${atMost}${unit}`;
  const min = Math.min(...perRound);
  const max = Math.max(...perRound);
  const spread = perRound.length > 1 ? `, spread ${min.toFixed(2)}–${max.toFixed(2)} over ${perRound.length} rounds` : '';
  console.log(`${met ? 'MET' : 'NOT MET'}: ${label} = ${value.toFixed(2)}${unit} (target ${target}${spread})${note ? `  [${note}]` : ''}`);
  if (!met) process.exitCode = 1;
  return { value, met };
}

/** The 1, 5 and 15 minute load averages, to quote beside a number from a shared machine. */
export function loadLine() {
  return `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;
}
