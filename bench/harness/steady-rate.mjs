// An open-loop load generator: one signed callback every 1/rate s whatever the server's
// answer time, each timed on its own (µs), so a slow route's latency shows in its
// percentiles instead of lowering the rate sent (closed-loop autocannon would send less
// when the server is slow, and its latencies are whole ms, too coarse for a fast route).
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Sends `rate` × `seconds` messages of `pool` as POSTs to `url` + `path`, evenly spaced,
 * over keep-alive connections (as many as are in flight at once), and waits for every
 * answer. Throws on any non-2xx or error.
 * @param {{ label: string, url: string, path: string, rate: number, seconds: number,
 *   pool: { next(): { body: string, headers: Record<string, string> } } }} options
 * @returns {Promise<{ sent: number, p50: number, p99: number, max: number }>} latencies in ms
 */
export async function steadyRateRound({ label, url, path, rate, seconds, pool }) {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const total = Math.round(rate * seconds);
  const latencies = [];
  const answers = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    answers.push(post(agent, `${url}${path}`, pool.next()).then((ms) => latencies.push(ms)));
  }
  const failures = (await Promise.allSettled(answers)).filter((a) => a.status === 'rejected');
  agent.destroy();
  if (failures.length > 0) throw new Error(`${label}: ${failures.length} of ${total} requests failed, first: ${failures[0].reason.message}`);
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
  return { sent: total, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] };
}

/** One POST; resolves with its latency in ms once the whole answer is read, rejects on a non-2xx. */
function post(agent, url, { body, headers }) {
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) resolve(performance.now() - sentAt);
        else reject(new Error(`HTTP ${res.statusCode}`));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
