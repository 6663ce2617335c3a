// One timed autocannon round of signed callbacks against one route, and the checks that
// keep a webhook throughput number honest: a fast wrong answer (4xx, 5xx, a dropped
// connection, a timeout) must fail the benchmark, and every 2xx must be a message that
// really reached a handler (no duplicate or replay short-cut).
import autocannon from 'autocannon';

/**
 * Sends the messages of `pool` (see signed-callbacks.mjs) as POSTs to `url` + `path` for
 * `seconds` over `connections` connections. Throws on any non-2xx, error or timeout.
 * @param {{ label: string, url: string, path: string, seconds: number, connections: number,
 *   pool: { next(): { body: string, headers: Record<string, string> } } }} options
 * @returns {Promise<any>} autocannon's result
 */
export async function loadRound({ label, url, path, seconds, connections, pool }) {
  const setupRequest = (req) => {
    const message = pool.next();
    return { ...req, method: 'POST', path, headers: message.headers, body: message.body };
  };
  const result = await autocannon({ url, connections, duration: seconds, requests: [{ setupRequest }] });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}

/**
 * Checks that the server's handlers ran once per 2xx answer over `runs` loadRound()s
 * (every route of every round). Requests still in flight when a run stops are handled
 * but not counted by autocannon: at most one per connection per run, hence the allowance.
 * @param {{ label: string, handled: number, answered2xx: number, connections: number, runs: number }} counts
 */
export function assertEvery2xxHandled({ label, handled, answered2xx, connections, runs }) {
  const extra = handled - answered2xx;
  if (extra < 0 || extra > connections * runs) {
    throw new Error(`${label}: handled ${handled} messages but got ${answered2xx} 2xx answers`);
  }
}

/**
 * Timed rounds against named routes of one server child: each round takes a message pool
 * sized for it, and the pool sizer learns from the rate reached. `late()` counts the
 * messages generated during measured rounds (a pool ran short), for the footnote.
 * @param {{ ports: Record<string, number>, pools: ReturnType<typeof import('./signed-callbacks.mjs').createPoolSizer>, path: string, connections: number }} options
 */
export function createRoundRunner({ ports, pools, path, connections }) {
  let late = 0;
  return {
    /** One round of `seconds` against route `name`; a `warmup` round is not counted in `late()`. */
    async run(name, seconds, warmup = false) {
      const pool = pools.poolFor(name, seconds);
      const result = await loadRound({ label: name, url: `http://127.0.0.1:${ports[name]}`, path, seconds, connections, pool });
      pools.observe(name, result.requests.max);
      if (!warmup) late += pool.late;
      return result;
    },
    late: () => late,
  };
}

/** The routes of round `r` in the order they run: rotated by one each round, so none always runs first. */
export function roundOrder(names, r) {
  const k = r % names.length;
  return [...names.slice(k), ...names.slice(0, k)];
}

/**
 * Runs `round` (one timed loadRound) between two `count` asks of the server child, whose
 * answer carries `cpu` (its process.cpuUsage()), and adds to the result `cpuPerReq`, the
 * server's CPU µs per 2xx answer (on a loaded shared machine steadier than req/s), and
 * `server`, both counts.
 * @param {{ ask: (msg: string) => Promise<any> }} server
 * @param {() => Promise<any>} round
 */
export async function withServerCpu(server, round) {
  const before = await server.ask('count');
  const result = await round();
  const after = await server.ask('count');
  const cpuMicros = after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system);
  result.cpuPerReq = cpuMicros / Math.max(1, result['2xx']);
  result.server = { before, after };
  return result;
}
