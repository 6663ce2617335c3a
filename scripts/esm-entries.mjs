#!/usr/bin/env node
// Run after tsup in a published package's folder. tsup builds each entry once, as
// CommonJS (`dist/X.cjs` + `dist/X.d.cts`); this writes the ES module entries next to it:
// `dist/X.js` and `dist/X.d.ts`, each one line, `export * from './X.cjs'`.
//
// Why not a second, ESM build of the same code: it doubled every package (core would
// install at 263 kB instead of ~170 kB), and it gave Node two copies of each class, so
// an error thrown by code loaded through `require` failed `instanceof` in code loaded
// through `import`. Node's ESM loader reads the named exports of the CommonJS file
// (esbuild annotates them for exactly this), bundlers do the same, and an ES module may
// import CommonJS declarations, so `import` and `require` users get the same API and
// types (`attw --pack` checks the types; the check below checks the names).
//
// The entries are the package's own: the CommonJS files its package.json `exports` give
// to `require` (and `main`). Not every dist/*.cjs: with `tsup --no-clean` (build:js) files
// of an earlier build stay, and not every .cjs is an entry (core's dist/platform-*.cjs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Writes the ES module entries of the package in `dir` and checks their names; throws
 * an Error whose message is the one line to print. Exported for scripts/build-js.mjs,
 * which builds several packages in one process.
 */
export async function writeEsmEntries(dir) {
  const dist = join(dir, 'dist');
  const require = createRequire(join(dist, 'noop.cjs'));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = [...new Set([manifest.main, ...requireTargets(manifest.exports)])]
    .filter((target) => typeof target === 'string' && /^\.\/dist\/[^/]+\.cjs$/.test(target))
    .map((target) => target.slice('./dist/'.length));
  if (entries.length === 0) {
    throw new Error('esm-entries: package.json names no ./dist/*.cjs for `require` (run it in a published package folder)');
  }
  for (const file of entries) {
    if (!existsSync(join(dist, file))) throw new Error(`esm-entries: dist/${file} is missing (run it after tsup)`);
    const base = file.slice(0, -'.cjs'.length);
    const reexport = `export * from './${base}.cjs';\n`;
    writeFileSync(join(dist, `${base}.js`), reexport);
    if (existsSync(join(dist, `${base}.d.cts`))) writeFileSync(join(dist, `${base}.d.ts`), reexport);

    // Every name `require` gives must reach `import` too.
    const cjsNames = Object.keys(require(join(dist, file))).filter((name) => name !== 'default' && name !== '__esModule');
    const esm = await import(pathToFileURL(join(dist, `${base}.js`)).href);
    const missing = cjsNames.filter((name) => !(name in esm));
    if (missing.length > 0) {
      throw new Error(`esm-entries: dist/${base}.js does not re-export ${missing.join(', ')} from dist/${file}`);
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await writeEsmEntries(process.cwd());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

/** Every path an `exports` map gives under a `require` condition, at any depth. */
function requireTargets(exports, condition) {
  if (typeof exports === 'string') return condition === 'require' ? [exports] : [];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.entries(exports).flatMap(([key, value]) => {
    const inner = key === 'require' ? 'require' : key.startsWith('.') ? undefined : condition;
    // A `require` object's `default` (next to its `types`) is the CommonJS file.
    if (condition === 'require' && key === 'types') return [];
    return requireTargets(value, inner);
  });
}
