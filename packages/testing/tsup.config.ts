import { defineConfig } from 'tsup';
import { binBuild, packageBuild } from '../../tsup.base.js';

// The library, and the `sinch-simulator` CLI (its shebang is kept by tsup). The library
// build's clean spares cli.js, which the CLI build writes at the same time.
export default defineConfig([{ ...packageBuild(['src/index.ts']), clean: ['!cli.js'] }, binBuild('src/cli.ts')]);
