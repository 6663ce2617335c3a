import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own redis-server (and the scale-out test its own processes).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
