// The recipe needs no Next.js config; the test's build of it does, for one reason:
// Turbopack compiles only files under its root, found from the nearest lockfile, and
// here `next` and React (in pnpm's global virtual store) and core (a workspace package)
// live outside this directory. The root is set to the deepest directory holding them all.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, parse, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const packageDir = (name) => dirname(realpathSync(require.resolve(`${name}/package.json`)));

/** The deepest directory that contains `dir` and every one of `others`. */
function commonAncestor(dir, others) {
  for (const other of others) {
    while (relative(dir, other).split(sep)[0] === '..') dir = dirname(dir);
  }
  return dir === '' ? parse(here).root : dir;
}

export default { turbopack: { root: commonAncestor(here, ['next', 'react', '@sinch-inbounds/core'].map(packageDir)) } };
