import type { Options } from 'tsup';

/**
 * Build settings every published package shares: CommonJS + type declarations for
 * Node 20, one file per entry. Packages differ only in their entry points. After tsup,
 * `scripts/esm-entries.mjs` adds the ES module entries as one-line re-exports of the
 * CommonJS build (one copy of the code and of every class; see there).
 *
 * No source maps: the output is unminified, so stack traces and debuggers already show
 * readable code, and maps were half of every tarball (core installed: 684 kB with them).
 */
export function packageBuild(entry: string[]): Options {
  return {
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: false,
    clean: true,
    target: 'node20',
    splitting: false,
  };
}

/**
 * A package's command-line entry, built next to the library: ESM only (a `bin` is run,
 * never imported, so it needs neither CommonJS nor declarations), its shebang kept, and
 * the package's own `./index.js` left as an import instead of bundled a second time.
 */
export function binBuild(entry: string): Options {
  return {
    entry: [entry],
    format: ['esm'],
    dts: false,
    sourcemap: false,
    // The library build cleans dist/ and runs at the same time: this one must not.
    clean: false,
    target: 'node20',
    splitting: false,
    external: ['./index.js'],
  };
}
