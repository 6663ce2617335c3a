import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: {
    alias: [{ find: /^@sinch-inbounds\/fastify$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }, ...workspaceAliases],
  },
  test: {
    include: ['test/**/*.test.ts'],
  },
});
