import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

// The aliases serve the Node side only (simulator, signing, judging); the runtimes load
// core's built web bundle through its package exports, as an app would.
export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
