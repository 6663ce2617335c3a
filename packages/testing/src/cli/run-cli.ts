import type { CliIo } from './cli-io.js';
import { CliUsageError, parseCliOptions, type CliOptions } from './cli-options.js';
import { HELP_TEXT } from './help.js';
import { sendOnce } from './send-once.js';
import { serve } from './serve.js';

/**
 * Runs the `sinch-simulator` command line with `argv` (without `node` and the script
 * path) and resolves with the exit code: 0 success, 1 failure (busy port, failed
 * delivery), 2 bad usage. Never calls `process.exit` itself.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr.write(`sinch-simulator: ${error.message}\nRun sinch-simulator --help for usage.\n`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(HELP_TEXT);
    return 0;
  }
  if (options.send !== undefined && options.webhook !== undefined) {
    return sendOnce({ ...options, send: options.send, webhook: options.webhook }, io);
  }
  return serve(options, io);
}
