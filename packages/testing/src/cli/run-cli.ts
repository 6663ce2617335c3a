/** Where the CLI reads and writes; `process` streams in the real binary, fakes in tests. */
export interface CliIo {
  /** Normal output. */
  stdout: { write(chunk: string): unknown };
  /** Errors and diagnostics. */
  stderr: { write(chunk: string): unknown };
  /** Lines typed here are sent as SMS text while the simulator runs; when it ends, the CLI stops. */
  stdin?: NodeJS.ReadableStream;
  /** Aborting it stops a running simulator (SIGINT/SIGTERM in the real binary). */
  signal?: AbortSignal;
}

/**
 * Runs the `sinch-simulator` command line with `argv` (without `node` and the script
 * path) and resolves with the exit code. Never calls `process.exit` itself.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  void argv;
  io.stderr.write('sinch-simulator: not implemented yet\n');
  return 1;
}
