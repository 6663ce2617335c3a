import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The rule that makes the web build: an import of a module `X.js` that has an
 * `X.web.ts` sibling (platform/, signature/sign and verify, diagnostics/channels) gets
 * that sibling. Returns its path, or `undefined` when the import stays as it is.
 * Used by tsup.config.ts (the build) and vitest.web.config.ts (core's tests on it).
 */
export function webModuleFor(specifier: string, importerDir: string): string | undefined {
  if (!/^\.\.?\/.*\.js$/.test(specifier)) return undefined;
  const web = path.resolve(importerDir, specifier.replace(/\.js$/, '.web.ts'));
  return existsSync(web) ? web : undefined;
}
