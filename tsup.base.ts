import type { Options } from 'tsup';

/**
 * Build settings every published package shares: CommonJS + type declarations for
 * Node 20, one file per entry. Packages differ only in their entry points. After tsup,
 * `scripts/esm-entries.mjs` adds the ES module entries as one-line re-exports of the
 * CommonJS build (one copy of the code and of every class; see there).
 *
 * No source maps, and no minification: the JavaScript is esbuild's readable output, one
 * statement per line, every name as written. A stack trace reads `at verifyWebhook` at a
 * line that means something, and Node prints one short source line for an uncaught
 * error, not the whole package (a minified build is one line: ~109 kB of source on the
 * console, frames like `index.cjs:1:95485`). Readable code is worth the ~30% of the
 * JavaScript that minifying took off; the web bundle size users pay is theirs to
 * minify, and is measured minified + gzipped by core-runtimes-test. Maps stay out: they
 * were half of every tarball, and readable code needs none to be stepped through.
 * Comments are esbuild's to drop (it keeps none but legal ones); the TSDoc stays in the
 * .d.ts files, where IDEs read it. Not `keepNames`: no identifier is minified.
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
 * never imported, so it needs neither CommonJS nor declarations), its shebang kept, the
 * package's own `./index.js` left as an import instead of bundled a second time, and
 * readable like the library (see {@link packageBuild}).
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
