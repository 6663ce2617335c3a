/** Something to close when the demo stops: the HTTP server, the app, the simulator. */
export type Closer = () => unknown;

/** What {@link DemoShutdown.install} listens to: the real `process`, or a stand-in in tests. */
export interface ShutdownHost {
  /** Subscribes to a signal. */
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  /** Ends the process. */
  exit(code: number): never | void;
}

/**
 * How a demo stops, whatever it is doing at the time — starting, seeding, serving, or a
 * finished oneshot run: SIGINT and SIGTERM close what was registered and exit 0, with
 * nothing printed. Work that was under way when the demo began stopping (a seeded message
 * whose simulator was just closed) fails with errors that are the stop's doing, so
 * {@link DemoShutdown.fail} does not report them.
 */
export class DemoShutdown {
  readonly #controller = new AbortController();
  readonly #closers: Closer[] = [];
  readonly #lastClosers: Closer[] = [];
  readonly #host: ShutdownHost;
  #stopping: Promise<void> | undefined;

  private constructor(host: ShutdownHost) {
    this.#host = host;
  }

  /**
   * Starts listening for SIGINT and SIGTERM. Call it first thing, before anything slow
   * starts, so that no moment is left where a signal kills the process instead. A second
   * signal while closing exits at once (closing hangs on something; the user insists).
   */
  static install(host: ShutdownHost = process): DemoShutdown {
    const shutdown = new DemoShutdown(host);
    const onSignal = (): void => {
      if (shutdown.stopping) host.exit(0);
      else void shutdown.stop(0);
    };
    host.on('SIGINT', onSignal);
    host.on('SIGTERM', onSignal);
    return shutdown;
  }

  /** Aborted once stopping begins: long work (seeding) checks it to end early. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the demo has begun stopping. */
  get stopping(): boolean {
    return this.#stopping !== undefined;
  }

  /** Closes `close` on stop, alongside everything else registered (added during a stop: closed at once). */
  onStop(close: Closer): void {
    this.#closers.push(close);
    if (this.#stopping !== undefined) void settle(close);
  }

  /**
   * Closes `close` on stop once every {@link onStop} closer has settled: for what the
   * others still use while they close — Redis, under a queue worker that finishes its
   * running jobs first.
   */
  onStopLast(close: Closer): void {
    this.#lastClosers.push(close);
    if (this.#stopping !== undefined) void settle(close);
  }

  /**
   * Aborts {@link signal}, closes everything registered (in parallel, then the
   * {@link onStopLast} ones; a closer that fails does not keep the others open) and exits
   * with `code`. The first call's code wins.
   */
  stop(code: number): Promise<void> {
    this.#stopping ??= (async () => {
      this.#controller.abort();
      await Promise.all(this.#closers.map(settle));
      await Promise.all(this.#lastClosers.map(settle));
      this.#host.exit(code);
    })();
    return this.#stopping;
  }

  /**
   * For the demo's last `catch`: while stopping, `error` is a consequence of the stop and
   * is dropped (the stop exits 0); otherwise it is reported and the demo exits 1.
   */
  fail(error: unknown, report: (error: unknown) => void): void {
    if (this.stopping) return;
    report(error);
    void this.stop(1);
  }
}

async function settle(close: Closer): Promise<void> {
  try {
    await close();
  } catch {
    // Stopping anyway: the process exits right after.
  }
}
