#!/usr/bin/env node
// Run after tsup in a published package's folder. tsup writes the same declarations
// twice, as `index.d.ts` (for `import`) and `index.d.cts` (for `require`). An ES module
// may import a CommonJS one, so each `.d.ts` becomes a one-line re-export of its `.d.cts`
// and the tarball carries the declarations once (43 kB less for core). Both conditions
// still resolve to a declaration file of their own module kind, which is what
// `attw --pack` checks.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(process.cwd(), 'dist');
let shared = 0;
for (const file of readdirSync(dist)) {
  if (!file.endsWith('.d.cts')) continue;
  const base = file.slice(0, -'.d.cts'.length);
  const esm = join(dist, `${base}.d.ts`);
  if (!existsSync(esm)) continue;
  const reexport = `export * from './${base}.cjs';\n`;
  const text = readFileSync(esm, 'utf8');
  if (text === reexport) continue;
  if (text !== readFileSync(join(dist, file), 'utf8')) {
    console.error(`share-declarations: dist/${base}.d.ts and dist/${file} differ; not sharing them`);
    process.exit(1);
  }
  writeFileSync(esm, reexport);
  shared += 1;
}
if (shared === 0 && !readdirSync(dist).some((f) => f.endsWith('.d.cts'))) {
  console.error('share-declarations: no declarations in dist/ (run it after tsup, in a package folder)');
  process.exit(1);
}
