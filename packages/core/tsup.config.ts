import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The web build: every import of a module `X.js` that has an `X.web.ts` sibling
 * (platform/, signature/sign, signature/verify) is given that sibling instead, so the
 * bundle uses web standards only. Everything else is the same source as the Node build.
 */
const webModules: EsbuildPlugin = {
  name: 'web-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const web = path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.web.ts'));
      return existsSync(web) ? { path: web } : undefined;
    });
  },
};

export default defineConfig(() => {
  // The two builds run at once into one dist/: clean it here, once, rather than let
  // either build's `clean` delete the other's files.
  rmSync('dist', { recursive: true, force: true });
  const node = packageBuild(['src/index.ts']);
  return [
    { ...node, clean: false },
    {
      ...node,
      entry: { web: 'src/web.ts' },
      format: ['esm'],
      platform: 'neutral',
      target: 'es2022',
      clean: false,
      esbuildPlugins: [webModules],
    },
  ];
});
