// An open-loop load generator: one signed callback every 1/rate s whatever the server's
// answer time, each timed on its own (µs), so a slow route's latency shows in its
// percentiles instead of lowering the rate sent (closed-loop autocannon would send less
// when the server is slow, and its latencies are whole ms, too coarse for a fast route).
// Each sample also says how late the generator sent it (its own event loop held up) and,
// when the server stamps `x-server-us`, how much of the latency the server spent between
// its 'request' event and its answer — so a slow answer can be blamed on the server's
// work, or on everything around it (scheduling, the generator, the loopback).
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** The response header a server may set to the µs it spent on the request. */
export const SERVER_TIME_HEADER = 'x-server-us';

/**
 * Sends `rate` × `seconds` messages of `pool` as POSTs to `url` + `path`, evenly spaced,
 * over keep-alive connections (as many as are in flight at once), and waits for every
 * answer. Throws on any non-2xx or error. `phase` (0 to 1, default 0) shifts every send
 * by that fraction of the interval, so rounds run side by side against several routes
 * take turns instead of sending together.
 * @param {{ label: string, url: string, path: string, rate: number, seconds: number, phase?: number,
 *   pool: { next(): { body: string, headers: Record<string, string> } } }} options
 * @returns {Promise<{ sent: number, p50: number, p99: number, max: number, samples: Sample[] }>}
 *   latencies in ms; `samples` in the order sent
 */
export async function steadyRateRound({ label, url, path, rate, seconds, phase = 0, pool }) {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const total = Math.round(rate * seconds);
  const answers = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + ((i + phase) * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    answers.push(post(agent, `${url}${path}`, pool.next(), due));
  }
  const settled = await Promise.allSettled(answers);
  agent.destroy();
  const failures = settled.filter((a) => a.status === 'rejected');
  if (failures.length > 0) throw new Error(`${label}: ${failures.length} of ${total} requests failed, first: ${failures[0].reason.message}`);
  const samples = settled.map((a) => a.value);
  const latencies = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { sent: total, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1], samples };
}

/**
 * One request's timings, ms: `ms` from send to the whole answer read; `lateMs` how long
 * after its due time it was sent; `serverMs` the server's own stamp, or `undefined`.
 * @typedef {{ ms: number, lateMs: number, serverMs: number | undefined }} Sample
 */

/**
 * The `q` quantile (nearest rank) of ascending `sorted`.
 * @param {number[]} sorted
 * @param {number} q
 */
export function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** One POST; resolves with its Sample once the whole answer is read, rejects on a non-2xx. */
function post(agent, url, { body, headers }, due) {
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        const stamp = res.headers[SERVER_TIME_HEADER];
        if (res.statusCode >= 200 && res.statusCode < 300) resolve({ ms: performance.now() - sentAt, lateMs: sentAt - due, serverMs: stamp === undefined ? undefined : Number(stamp) / 1000 });
        else reject(new Error(`HTTP ${res.statusCode}`));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
