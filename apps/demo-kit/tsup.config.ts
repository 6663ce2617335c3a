import { defineConfig } from 'tsup';

// Two entries: the demo building blocks, and `testing` (the scenarios both demos' tests
// run), kept apart so the apps never load vitest or playwright at run time. ESM only,
// with declarations so the apps typecheck against the kit as built.
export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
  // Test tools are the kit's devDependencies, which tsup would otherwise bundle in: the
  // scenarios must run on the calling app's own vitest (one runner) and playwright.
  external: ['vitest', 'playwright-core', '@sparticuz/chromium'],
});
