import { defineConfig } from 'tsup';

// The demo is an application: one ESM entry, no type declarations.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
});
