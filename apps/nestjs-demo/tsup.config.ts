import { defineConfig } from 'tsup';

// With `emitDecoratorMetadata` in tsconfig.json, tsup compiles through @swc/core, which
// emits the `design:paramtypes` metadata Nest's constructor injection reads (esbuild
// alone does not).
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
});
