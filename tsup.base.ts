import type { Options } from 'tsup';

/**
 * Build settings every published package shares: CommonJS + type declarations for
 * Node 20, one file per entry. Packages differ only in their entry points. After tsup,
 * `scripts/esm-entries.mjs` adds the ES module entries as one-line re-exports of the
 * CommonJS build (one copy of the code and of every class; see there).
 *
 * No source maps, and the JavaScript is minified in whitespace and syntax only: every
 * name stays as written, so a stack trace still reads `at verifyWebhook` and
 * `InboundParseError`, and a debugger's pretty-printer gives back code to step through.
 * Maps were half of every tarball (core installed: 684 kB with them); whitespace and
 * syntax minification takes ~30% off the JavaScript. Comments are esbuild's to drop
 * (it keeps none but legal ones); the TSDoc stays in the .d.ts files, where IDEs read it.
 * Not `keepNames`: it only matters when identifiers are minified, which they are not.
 */
export function packageBuild(entry: string[]): Options {
  return {
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: false,
    minifyWhitespace: true,
    minifySyntax: true,
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
    minifyWhitespace: true,
    minifySyntax: true,
    // The library build cleans dist/ and runs at the same time: this one must not.
    clean: false,
    target: 'node20',
    splitting: false,
    external: ['./index.js'],
  };
}
