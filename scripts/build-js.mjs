#!/usr/bin/env node
// Builds the JavaScript (no type declarations) of workspace packages and of every
// workspace package they depend on, dependencies first, all in this one Node process:
// what `pnpm install` (postinstall: the simulator's CLI) and `pnpm demo` need.
//
//   node scripts/build-js.mjs express-demo [more package names]
//
// `turbo run build:js` builds the same, but runs pnpm, tsup and Node once per package:
// ~2 s each on a 2-core machine, most of it start-up, for esbuild builds of 50–500 ms.
// That start-up was most of the time from `git clone` to the demo's inbox (issue 13).
// Here tsup and esbuild load once. A package is skipped when its last build by this
// script is newer than every file it is built from (`make`'s rule; a stamp in the
// package's node_modules/.cache): `pnpm demo` right after `pnpm install` does not build
// core and testing again.
//
// Each package's `build:js` script stays the definition of its build: this runs it
// in-process when it is `tsup --no-dts --no-clean` or `tsup --no-clean` (an app with no
// declarations), optionally followed by `&& node ../../scripts/esm-entries.mjs`, and
// stops on any other form rather than build something else.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeEsmEntries } from './esm-entries.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const TSUP = /^tsup --no-dts --no-clean$|^tsup --no-clean$/;
const ESM_ENTRIES = 'node ../../scripts/esm-entries.mjs';

/** Every workspace package (the globs of pnpm-workspace.yaml are `dir/*` or `dir`), by name. */
export function workspacePackages() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\n((?:\s+-.*\n)+)/m.exec(yaml)?.[1] ?? '';
  const globs = [...block.matchAll(/-\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((match) => match[1]);
  const dirs = globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(join(root, glob.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(root, glob.slice(0, -2), entry.name))
      : [join(root, glob)],
  );
  const byName = new Map();
  for (const dir of dirs) {
    if (!existsSync(join(dir, 'package.json'))) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    byName.set(manifest.name, { dir, manifest });
  }
  return byName;
}

/** `names` and their workspace dependencies (`workspace:` ranges, dev ones too, as turbo's `^build:js`), dependencies first. */
export function buildOrder(names, packages) {
  const order = [];
  const visiting = new Set();
  const visit = (name) => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new Error(`build-js: dependency cycle through ${name}`);
    const pkg = packages.get(name);
    if (pkg === undefined) throw new Error(`build-js: no workspace package named ${name}`);
    visiting.add(name);
    const deps = { ...pkg.manifest.devDependencies, ...pkg.manifest.dependencies };
    for (const [dep, range] of Object.entries(deps)) if (String(range).startsWith('workspace:')) visit(dep);
    visiting.delete(name);
    order.push(name);
  };
  names.forEach(visit);
  return order.filter((name) => packages.get(name).manifest.scripts?.['build:js'] !== undefined);
}

/** The steps of a package's `build:js` script, or an Error naming the form this script cannot run. */
export function steps(name, script) {
  const [tsup, ...rest] = script.split('&&').map((part) => part.trim());
  if (!TSUP.test(tsup ?? '') || rest.length > 1 || (rest.length === 1 && rest[0] !== ESM_ENTRIES)) {
    throw new Error(`build-js: ${name}'s build:js (${script}) is not \`tsup --no-dts --no-clean\` [&& ${ESM_ENTRIES}]; run \`pnpm --filter ${name} build:js\``);
  }
  return { esmEntries: rest.length === 1 };
}

// Besides a package's own files, what every build reads.
const SHARED_INPUTS = ['tsup.base.ts', 'scripts/esm-entries.mjs', 'scripts/build-js.mjs'].map((file) => join(root, file));
// Not inputs: outputs, dependencies, tests.
const NOT_INPUTS = new Set(['node_modules', 'dist', 'test', '.turbo']);

/** The newest modification time among the files a package's build reads. */
function newestInput(dir) {
  let newest = Math.max(...SHARED_INPUTS.map((file) => statSync(file).mtimeMs));
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (NOT_INPUTS.has(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

const stampOf = (dir) => join(dir, 'node_modules', '.cache', 'build-js.json');

/** True when this script built the package after its last input change and every file it wrote is still there. */
export function upToDate(dir) {
  const stamp = stampOf(dir);
  if (!existsSync(stamp)) return false;
  const outputs = JSON.parse(readFileSync(stamp, 'utf8'));
  return statSync(stamp).mtimeMs > newestInput(dir) && outputs.every((file) => existsSync(join(dir, file)));
}

/** Records a build: the files in dist/ now. */
export function stamp(dir) {
  const dist = join(dir, 'dist');
  const outputs = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
  mkdirSync(dirname(stampOf(dir)), { recursive: true });
  writeFileSync(stampOf(dir), JSON.stringify(outputs));
}

/** Builds `names` and their workspace dependencies, skipping what is up to date. */
export async function buildJs(names) {
  const packages = workspacePackages();
  const plan = buildOrder(names, packages).map((name) => ({ name, ...packages.get(name), ...steps(name, packages.get(name).manifest.scripts['build:js']) }));
  const stale = plan.filter(({ dir }) => !upToDate(dir));
  // tsup reads its config, tsconfig and package.json from the working folder.
  const { build } = stale.length === 0 ? {} : await import('tsup');
  const cwd = process.cwd();
  try {
    for (const { name, dir, esmEntries } of stale) {
      if (readFileSync(join(dir, 'tsup.config.ts'), 'utf8').includes('esbuildOptions')) {
        throw new Error(`build-js: ${name}'s tsup config sets esbuildOptions, which this script replaces; run \`pnpm --filter ${name} build:js\``);
      }
      process.chdir(dir);
      // esbuild took its working folder when it loaded; each package's entries are relative to its own.
      await build({ dts: false, clean: false, silent: true, esbuildOptions: (options) => void (options.absWorkingDir = dir) });
      if (esmEntries) await writeEsmEntries(dir);
      stamp(dir);
    }
  } finally {
    process.chdir(cwd);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const names = process.argv.slice(2);
  if (names.length === 0) {
    console.error('usage: node scripts/build-js.mjs <workspace package name>...');
    process.exit(1);
  }
  try {
    await buildJs(names);
  } catch (error) {
    console.error(error instanceof Error && error.message.startsWith('build-js:') ? error.message : error);
    process.exit(1);
  }
}
