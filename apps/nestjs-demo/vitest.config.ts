import { defineConfig } from 'vitest/config';

// The tests start the BUILT app (dist/main.js) as a user would, so no source aliases here.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One app and one browser at a time: the machine has two cores.
    fileParallelism: false,
  },
});
