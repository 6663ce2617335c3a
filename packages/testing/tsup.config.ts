import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// The library, and the `sinch-simulator` CLI (its shebang is kept by tsup).
export default defineConfig(packageBuild(['src/index.ts', 'src/cli.ts']));
