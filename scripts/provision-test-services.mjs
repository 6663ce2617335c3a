#!/usr/bin/env node
// Makes sure the services the tests need are on this machine before `pnpm test` runs
// them. Today that is Redis: the Redis tests start (and stop, and kill, for the fault
// tests) their own `redis-server` on a free port, so all this script does is make sure
// the binary is there — a REDIS_URL alone is not enough for them.
//
//   redis-server on PATH      → nothing to do
//   root with apt-get         → installs Debian's redis-server package
//   otherwise                 → stops with one line saying what to install
//
// It exports nothing. (Debian's package may start its own service on port 6379; the
// tests do not use it.) `REDIS_SERVER_INSTALL=0` skips the install branch, so a missing
// redis-server is reported as for a non-root user.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first executable `name` on PATH, or undefined. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

// apt's chatter (debconf notes and the like) is kept back and shown only on failure.
let aptOutput = '';
function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  aptOutput += `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return result.status === 0;
}

// REDIS_URL is not read, on purpose: the tests start, stop and kill their own servers.
const WHAT_TO_INSTALL =
  'the tests need redis-server on PATH, not a REDIS_URL (they start, stop and kill their own servers): ' +
  'install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`)';

function ensureRedis() {
  if (onPath('redis-server')) return true;
  const canApt = process.getuid?.() === 0 && onPath('apt-get') && process.env.REDIS_SERVER_INSTALL !== '0';
  if (!canApt) {
    console.error(`provision-test-services: ${WHAT_TO_INSTALL}`);
    return false;
  }
  console.log("provision-test-services: redis-server not found; installing Debian's redis-server package");
  // In a container the package's service may fail to start, failing apt-get although the
  // binary is installed: only the binary matters here, so that is what is checked.
  run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server']);
  if (!onPath('redis-server')) {
    process.stderr.write(aptOutput);
    console.error(`provision-test-services: apt-get did not install redis-server; ${WHAT_TO_INSTALL}`);
    return false;
  }
  return true;
}

process.exitCode = ensureRedis() ? 0 : 1;
