import type { WebhookReceiver, WebhookReceiverOptions } from '@sinch-inbounds/core';

/** An adapter serving a receiver over HTTP, as {@link StartAdapter} hands it back. */
export interface ConformanceServer {
  /** Full URL of the webhook route, e.g. `http://127.0.0.1:PORT/sinch/callbacks`. */
  url: string;
  /** Stops the server and drops its connections; the kit awaits it after every case. */
  close(): Promise<void>;
  /**
   * The receiver the adapter actually serves, when it built its own from
   * {@link ConformanceStartContext.receiverOptions} (as a framework module does) instead
   * of serving the one it was given. The kit registers its handlers on it.
   */
  receiver?: WebhookReceiver;
}

/** What the kit tells {@link StartAdapter} besides the receiver. */
export interface ConformanceStartContext {
  /**
   * The options the given receiver was built with (the kit's secret, a small
   * `maxBodyBytes`, a silent logger). An adapter that can only build its receiver itself
   * builds it from these and returns it as {@link ConformanceServer.receiver}.
   */
  receiverOptions: WebhookReceiverOptions;
}

/**
 * Starts the adapter under test on loopback, serving `receiver` (or one built from
 * `context.receiverOptions`), and resolves once it accepts connections. Called once per
 * case, so every case gets a fresh receiver, dedupe memory and replay memory.
 */
export type StartAdapter = (receiver: WebhookReceiver, context: ConformanceStartContext) => Promise<ConformanceServer>;

/** Options of {@link adapterConformance}. */
export interface AdapterConformanceOptions {
  /** Starts the adapter; see {@link StartAdapter}. */
  start: StartAdapter;
  /**
   * Opt-in: starts the adapter behind a body parser that reads the request body and keeps
   * no raw copy (e.g. `express.json()` mounted first). The kit then expects the receiver's
   * 500 whose body names the fix, at once — never a hang. Leave it out for an adapter
   * where nothing can consume the body before it (node:http, a web `Request`).
   */
  consumedBody?: StartAdapter;
  /**
   * `true` (default): the adapter streams the request body to the receiver, so a 413
   * must come while the client is still sending. `false` for a runtime or framework that
   * buffers the whole body first: the kit then only checks the status of a complete
   * oversized body.
   */
  streamsBody?: boolean;
  /**
   * How long one case may wait for answers before it fails as a hang (default 3000 ms,
   * under the 5 s test timeout of vitest and jest, so the kit says what hung).
   */
  timeoutMs?: number;
}

/**
 * One check of the contract: `run` resolves when the adapter meets it and rejects with an
 * `AssertionError` (from `node:assert`) that says what it answered instead.
 */
export interface ConformanceCase {
  /** A sentence naming the row of the contract, usable as a test title. */
  readonly name: string;
  /** Runs the case against a freshly started adapter and stops it again. */
  run(): Promise<void>;
}
