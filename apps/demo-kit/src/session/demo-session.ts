import type { ReconcileReport } from '@sinch-inbounds/core';
import { summariseReconcile } from '../inbox/reconcile-summary.js';
import { QUEUE_DASHBOARD_PATH, type QueuePanel } from '../queue/queue-panel.js';
import { sendSeedMessages } from '../simulator/demo-simulator.js';
import { WEBHOOK_PATH, type DemoSetup } from './demo-setup.js';

/** Where a demo's console lines go: `console` with a prefix, or Nest's `Logger`. */
export interface DemoLog {
  /** An ordinary line. */
  log(line: string): void;
  /** A line about a failure. */
  error(line: string): void;
}

/** A listening demo, ready to be pointed at and seeded. */
export interface DemoSessionOptions {
  /** What {@link setUpDemo} returned. */
  setup: DemoSetup;
  /** The port the app listens on (the real one when `PORT=0`). */
  port: number;
  /** The app's backfill: `receiver.reconcile()` over the last 23 h (Sinch mode's oneshot runs it and prints its report). */
  backfill: () => Promise<ReconcileReport>;
  /** Where the session's lines go. */
  log: DemoLog;
  /** Aborted when the demo is stopping: seeding ends early (`DemoShutdown.signal`). */
  signal?: AbortSignal;
  /**
   * The queue's panel when the inbox runs queued (`REDIS_URL`): the session says so, and
   * a oneshot run waits for its jobs (seeded or backfilled messages) to be handled before it exits.
   */
  queue?: QueuePanel;
}

// A oneshot run that has not received its messages by then has failed; never hang.
const ONESHOT_TIMEOUT_MS = 60_000;

/**
 * Starts a listening demo's traffic: points the simulator's webhook at the app, prints
 * the URL to open (tests wait for `Open <url> to see the inbox`), then sends the seeded
 * messages. In oneshot mode it instead receives the seeded messages (or, on Sinch,
 * reconciles the last 23 h), prints the result and resolves, for the caller to shut down.
 *
 * @throws {Error} in oneshot mode when a seeded message was not delivered; a oneshot
 *   run that does not finish within a minute exits the process with code 1.
 */
export async function runDemoSession({ setup, port, backfill, log, signal, queue }: DemoSessionOptions): Promise<void> {
  const { config, simulator, webhookSecret } = setup;
  const url = `http://localhost:${port}/`;
  // With REDIS_URL, the header line says where the shared memory is.
  const shared = setup.redis === undefined ? '' : `, dedupe and replay memory in Redis at ${setup.redis.where}`;
  if (config.mode === 'sinch') {
    const api = config.baseUrl === undefined ? `region ${config.region}` : `region ${config.region}, REST API at ${config.baseUrl}`;
    log.log(`Sinch mode (${api}${shared}): point your Sinch callback URL at https://<your public host>${WEBHOOK_PATH}`);
  }
  if (simulator !== undefined) {
    simulator.setWebhook({ url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`, secret: webhookSecret });
    const mode = shared === '' ? 'simulator mode' : `simulator mode (${shared.slice(2)})`;
    log.log(`${mode}: a local Sinch runs at ${simulator.url} and delivers signed callbacks to ${WEBHOOK_PATH}`);
  }
  if (queue !== undefined) {
    log.log(
      `queued: the webhook answers as soon as a callback is a BullMQ job in Redis, and a worker in this process runs the handlers; ` +
        `the jobs are on the page and in Bull Board at http://localhost:${port}${QUEUE_DASHBOARD_PATH}`,
    );
  }
  log.log(`Open ${url} to see the inbox`);

  if (!config.oneshot) {
    if (simulator !== undefined) await sendSeedMessages(simulator, url, signal);
    return;
  }
  const timer = setTimeout(() => {
    log.error(`oneshot: nothing finished within ${ONESHOT_TIMEOUT_MS / 1000} s; giving up`);
    process.exit(1);
  }, ONESHOT_TIMEOUT_MS).unref();
  try {
    if (simulator !== undefined) {
      const records = await sendSeedMessages(simulator, url, signal);
      const failed = records.filter((record) => record.outcome !== 'delivered');
      if (failed.length > 0) {
        throw new Error(`oneshot: ${failed.length} seeded message(s) were not delivered: ${failed.map((r) => `${r.inboundId} ${r.outcome}`).join(', ')}`);
      }
      // Delivered means queued: received means the worker has run their handlers.
      await queue?.drained(signal);
      log.log(`oneshot: received all ${records.length} seeded messages; exiting`);
    } else {
      const report = await backfill();
      // Queued, the backfill's messages are jobs: wait until the worker has handled them.
      await queue?.drained(signal);
      log.log(`oneshot (sinch mode): ${summariseReconcile(report)} Exiting.`);
    }
  } finally {
    clearTimeout(timer);
  }
}
