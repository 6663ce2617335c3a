import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when set (a system Chromium),
 * else the one the `@sparticuz/chromium` npm package ships, so `pnpm test` needs no
 * browser download and no apt. The packaged binary is Brotli-compressed; it is unpacked
 * once into a `node_modules/.cache` beside the package and reused: with pnpm's global
 * virtual store that folder is in the shared store, so every checkout on the machine
 * shares one unpacked copy.
 */
export function chromiumExecutable(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is set to ${configured}, which does not exist`);
    return configured;
  }
  return unpackedChromium();
}

function unpackedChromium(): string {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const packageRoot = packageRootOf(entry);
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  // The outermost node_modules on the package's real path (the store's, under pnpm's
  // global virtual store): the binary goes when that does.
  const marker = `${sep}node_modules${sep}`;
  const cacheRoot = join(entry.slice(0, entry.indexOf(marker) + marker.length), '.cache');
  const target = join(cacheRoot, `sparticuz-chromium-${version}`);
  const binary = join(target, 'chromium');
  if (existsSync(binary)) return binary;

  // The package unpacks into os.tmpdir(), shared by every process on the machine and
  // read before it is fully written by a concurrent one. So it unpacks in a child whose
  // TMPDIR is a private staging folder, which is then renamed into place in one step:
  // a concurrent run either wins the rename or finds the finished folder.
  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(join(cacheRoot, 'unpacking-'));
  try {
    const unpack = spawnSync(
      process.execPath,
      ['-e', `const m = require(${JSON.stringify(entry)}); (m.default ?? m).executablePath()`],
      { env: { ...process.env, TMPDIR: staging }, encoding: 'utf8' },
    );
    if (unpack.status !== 0 || !existsSync(join(staging, 'chromium'))) {
      throw new Error(`could not unpack @sparticuz/chromium ${version}: ${unpack.stderr || unpack.error?.message}`);
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      if (!existsSync(binary)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

// `require.resolve` gives the CommonJS entry (…/@sparticuz/chromium/build/cjs/index.cjs);
// the package root is the folder right under the `@sparticuz` scope.
function packageRootOf(entry: string): string {
  let dir = dirname(entry);
  while (basename(dirname(dir)) !== '@sparticuz') {
    if (dirname(dir) === dir) throw new Error(`unexpected location of @sparticuz/chromium: ${entry}`);
    dir = dirname(dir);
  }
  return dir;
}
