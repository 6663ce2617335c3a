import { fileURLToPath } from 'node:url';

// Tests import workspace packages by name, exactly as users do, but resolved to their
// TypeScript sources so a test run never depends on a stale or half-written dist/.
const source = (dir: string): string => fileURLToPath(new URL(`./packages/${dir}/src/index.ts`, import.meta.url));

/** Aliases from each workspace package name to its source entry, for vitest configs. */
export const workspaceAliases = [
  { find: /^@sinch-inbounds\/core$/, replacement: source('core') },
  { find: /^@sinch-inbounds\/testing$/, replacement: source('testing') },
  { find: /^@sinch-inbounds\/express$/, replacement: source('express') },
  { find: /^@sinch-inbounds\/nestjs$/, replacement: source('nestjs') },
  { find: /^@sinch-inbounds\/redis$/, replacement: source('redis') },
  { find: /^@sinch-inbounds\/opentelemetry$/, replacement: source('opentelemetry') },
];
