#!/usr/bin/env node
// From the package entry, which the build keeps as an import of dist/index.js rather
// than bundling the whole library into the binary a second time.
import { runCli } from './index.js';

// The binary's only job: wire the real process to runCli and exit with its code.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signal: controller.signal,
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sinch-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
