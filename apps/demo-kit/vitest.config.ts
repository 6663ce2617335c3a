import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

// The kit's own unit tests run its sources, with workspace packages resolved to theirs.
export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['test/**/*.test.ts'],
  },
});
