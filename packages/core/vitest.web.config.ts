import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';
import { webModuleFor } from './web-modules.js';

const signer = path.join('signature', 'sign');

/**
 * Core's receiver, client and parser tests on the web build's modules (Web Crypto,
 * TextDecoder, atob/btoa, fetch as the client's default sender): `pnpm test:web`. Not
 * part of `pnpm test` (it repeats most of core's suite); the real runtimes run the web
 * build in packages/core-runtimes-test.
 */
export default defineConfig({
  resolve: { alias: workspaceAliases },
  plugins: [
    {
      name: 'web-modules',
      enforce: 'pre',
      resolveId(source, importer) {
        if (importer === undefined) return null;
        // The tests sign their requests synchronously, with Node's signer and its HMAC.
        if (source.endsWith(`${path.basename(signer)}.js`) || importer.endsWith(`${signer}.ts`)) return null;
        return webModuleFor(source, path.dirname(importer)) ?? null;
      },
    },
  ],
  test: {
    setupFiles: ['test/platform/web-setup.ts'],
    include: ['test/receiver/**/*.test.ts', 'test/client/**/*.test.ts', 'test/parse/**/*.test.ts'],
    exclude: [
      // Its last case checks that Node's synchronous verifyWebhook refuses an async
      // replay guard; the web one awaits it instead (see the core README).
      'test/receiver/async-stores.test.ts',
      // 5,000 inbounds through the fetch sender take longer than the 5 s test timeout
      // on a busy 2-core machine; it runs over an injected fetch in `pnpm test` anyway.
      'test/client/resilience.test.ts',
      // It subscribes to node:diagnostics_channel; the web build publishes nothing.
      'test/receiver/outcome-diagnostics.test.ts',
    ],
  },
});
