/** Where the CLI reads and writes; `process` streams in the real binary, fakes in tests. */
export interface CliIo {
  /** Normal output. */
  stdout: { write(chunk: string): unknown };
  /** Errors and diagnostics. */
  stderr: { write(chunk: string): unknown };
  /** Lines typed here are sent as SMS text while the simulator runs. */
  stdin?: NodeJS.ReadableStream;
  /** Aborting it stops a running simulator (SIGINT/SIGTERM in the real binary); without it, it runs until killed. */
  signal?: AbortSignal;
}
