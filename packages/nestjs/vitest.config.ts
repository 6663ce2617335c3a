import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  // esbuild (vitest's default transform) cannot emit decorator metadata, and Nest's
  // dependency injection reads constructor parameter types from it; swc can.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { alias: workspaceAliases },
  test: {
    include: ['test/**/*.test.ts'],
  },
});
