import type { Options } from 'tsup';

/**
 * Build settings every published package shares: ESM + CommonJS + type declarations
 * for Node 20, one file per entry. Packages differ only in their entry points.
 */
export function packageBuild(entry: string[]): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
  };
}
