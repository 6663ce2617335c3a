import { rmSync, writeFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '../../tsup.base.js';
import { webModuleFor } from './web-modules.js';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The web build: every `X.js` with an `X.web.ts` sibling is given that sibling, so the
 * bundle uses web standards only. Everything else is the same source as the Node build.
 */
const webModules: EsbuildPlugin = {
  name: 'web-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const web = webModuleFor(args.path, args.resolveDir);
      return web === undefined ? undefined : { path: web };
    });
  },
};

const WEB_DECLARATIONS = `// Types of the web build: the Node build's, with Web Crypto's async signature functions.
export * from './index.cjs';
export { computeSignature, signWebhook, verifyWebhook } from './web-signatures.js';
`;

export default defineConfig((cli) => {
  // The two builds run at once into one dist/: clean it here, once, rather than let
  // either build's `clean` delete the other's files. `--no-clean` (build:js, JavaScript
  // only) keeps the declarations of the last full build.
  if (cli.clean !== false) rmSync('dist', { recursive: true, force: true });
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
      // The web types are the Node ones (dist/index.d.cts) but for the three async
      // signature functions: one small declaration file for those, not a second copy of
      // every type (60 kB installed).
      dts: { entry: { 'web-signatures': 'src/web-signatures.ts' } },
      onSuccess: async () => {
        writeFileSync('dist/web.d.ts', WEB_DECLARATIONS);
      },
    },
  ];
});
