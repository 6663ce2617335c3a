import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

// npm users get only what package.json declares: a package imported from the published
// code but left to hoisting breaks in pnpm's strict layout and in any other install.

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

test('every package the source imports is a dependency or a peer dependency', () => {
  const src = new URL('../src/', import.meta.url);
  const imported = new Set<string>();
  for (const file of readdirSync(src).filter((f) => f.endsWith('.ts'))) {
    for (const [, specifier] of readFileSync(new URL(file, src), 'utf8').matchAll(/from '([^'.][^']*)'/g)) {
      if (specifier!.startsWith('node:')) continue;
      const parts = specifier!.split('/');
      imported.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  expect([...imported].sort()).toEqual(expect.arrayContaining(['@opentelemetry/api', '@opentelemetry/instrumentation', '@sinch-inbounds/core']));
  expect([...imported].filter((name) => !declared.has(name))).toEqual([]);
});
