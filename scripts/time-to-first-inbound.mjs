// Time to first inbound: how long a newcomer waits from `git clone` to an inbox showing
// SMS. Clones this repository into a temporary folder, runs the README's two commands
// (`npx --yes pnpm@12.4.2 install`, then `… demo` with PORT=0) and polls the inbox's
// `/api/messages` until messages appear; prints each phase and the total, then stops the
// demo (SIGINT) and removes the clone.
//
//   node scripts/time-to-first-inbound.mjs            # warm: your pnpm store as it is
//   node scripts/time-to-first-inbound.mjs --cold     # cold: an empty, throwaway store (--store-dir)
//   node scripts/time-to-first-inbound.mjs --nestjs --runs 3
//
// It clones the committed HEAD (`--ref` picks another commit, `--source` another repository):
// uncommitted changes are not measured. npx's own copy of pnpm is not cleared.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const PNPM = ['--yes', 'pnpm@12.4.2'];
// A broken demo must not make the script hang.
const DEMO_TIMEOUT_MS = 180_000;
const POLL_MS = 50;

const { values } = parseArgs({
  options: {
    cold: { type: 'boolean', default: false },
    nestjs: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    source: { type: 'string' },
    ref: { type: 'string', default: 'HEAD' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: node scripts/time-to-first-inbound.mjs [--cold] [--nestjs] [--runs N] [--ref REV] [--source REPO] [--verbose]');
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
const source = values.source ?? execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const commit = execFileSync('git', ['-C', source, 'rev-parse', values.ref], { encoding: 'utf8' }).trim();
const script = values.nestjs ? 'demo:nestjs' : 'demo';
const kind = values.cold ? 'cold' : 'warm';

// Everything a user's shell would not have: Sinch credentials would switch the demo to Sinch.
const env = { ...process.env, PORT: '0', HOST: '127.0.0.1' };
for (const name of Object.keys(env)) if (name.startsWith('SINCH_') || name === 'DEMO_ONESHOT') delete env[name];

console.log(`time to first inbound, ${kind} store, pnpm ${script}, commit ${commit.slice(0, 12)}, ${runs} run(s)`);
const totals = [];
for (let run = 1; run <= runs; run++) {
  const phases = await measureOnce();
  const total = phases.reduce((sum, [, ms]) => sum + ms, 0);
  totals.push(total);
  console.log(`${kind} run ${run}: ${seconds(total)} (${phases.map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ')})`);
}
if (runs > 1) console.log(`${kind}: ${totals.map(seconds).join(', ')}`);

async function measureOnce() {
  const dir = await mkdtemp(join(tmpdir(), 'first-inbound-'));
  const repo = join(dir, 'repo');
  try {
    const phases = [];
    let start = performance.now();
    const lap = (name) => {
      const now = performance.now();
      phases.push([name, now - start]);
      start = now;
    };
    await run('git', ['clone', '--quiet', source, repo], dir);
    await run('git', ['checkout', '--quiet', commit], repo);
    lap('clone');
    await run('npx', [...PNPM, 'install', ...(values.cold ? ['--store-dir', join(dir, 'store')] : [])], repo);
    lap('install');
    const demo = startDemo(repo);
    try {
      const url = await demo.url;
      lap('build+start');
      await firstMessages(url, demo.exited);
      lap('first SMS');
    } finally {
      await demo.stop();
    }
    return phases;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', values.verbose ? 'inherit' : 'pipe', values.verbose ? 'inherit' : 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

/** `pnpm demo` in its own process group (pnpm → turbo → node), so one signal stops all of it. */
function startDemo(repo) {
  const child = spawn('npx', [...PNPM, script], { cwd: repo, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? signal)));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no inbox URL within ${DEMO_TIMEOUT_MS / 1000} s:\n${output}`)), DEMO_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk;
      if (values.verbose) process.stdout.write(chunk);
      const match = /Open (http:\/\/\S+) to see the inbox/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`pnpm ${script} exited (${code}) before printing the inbox URL:\n${output}`));
    });
  });
  return {
    url,
    exited,
    stop: async () => {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        return; // already gone
      }
      const killer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Polls the inbox's JSON API until it lists at least one message. */
async function firstMessages(url, exited) {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + DEMO_TIMEOUT_MS;
  while (!gone && Date.now() < deadline) {
    try {
      const res = await fetch(new URL('api/messages', url));
      if (res.ok && (await res.json()).messages.length > 0) return;
    } catch {
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(gone ? 'the demo exited before showing a message' : 'no message within the time limit');
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
