// The Express SMS inbox. With no SINCH_* variables it starts the Sinch simulator
// in-process, points the simulator's webhook at its own verified endpoint and sends one
// message of each type; with them it receives from and reads Sinch itself. What both
// demos share (page, config, simulator, store, oneshot) is @sinch-inbounds/demo-kit.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bullmqQueue, SINCH_QUEUE_NAME, startSinchWorker, type SinchWorker } from '@sinch-inbounds/bullmq';
import { createWebhookReceiver, InboundsClient, sinchWebhook } from '@sinch-inbounds/express';
import { Queue } from 'bullmq';
import {
  BACKFILL_WINDOW_MS,
  DEMO_WORKER_CONCURRENCY,
  DemoConfigError,
  DemoShutdown,
  describeMessage,
  explainListenError,
  InboxStore,
  QueuePanel,
  ReplyStore,
  runDemoSession,
  setUpDemo,
  SlowHandler,
  startDemoTelemetry,
  type DemoLog,
} from '@sinch-inbounds/demo-kit';
import { createInboxApp } from './http/create-app.js';
import { SseChannel } from './inbox/sse-channel.js';
import { queueDashboard } from './queue/queue-dashboard.js';

const log: DemoLog = {
  log: (line) => console.log(`[inbox] ${line}`),
  error: (line) => console.error(`[inbox] ${line}`),
};

// First, so that Ctrl+C at any moment (even while the simulator starts) stops cleanly.
const shutdown = DemoShutdown.install();

async function main(): Promise<void> {
  // Before the receiver exists, so that the first callback is counted.
  const telemetry = startDemoTelemetry();
  shutdown.onStop(() => telemetry.close());
  const setup = await setUpDemo();
  const { config, simulator } = setup;
  if (simulator !== undefined) shutdown.onStop(() => simulator.close());
  // With REDIS_URL the inbox runs queued: callbacks become BullMQ jobs, which a worker in
  // this process hands to the same receiver's handlers.
  let queue: Queue | undefined;
  let worker: SinchWorker | undefined;
  let panel: QueuePanel | undefined;
  const slow = new SlowHandler();
  if (setup.redis !== undefined) {
    // Redis last: the worker finishes its running jobs while the connections they need are open.
    shutdown.onStopLast(setup.redis.close);
    shutdown.onStop(async () => {
      panel?.close();
      await worker?.close();
      await queue?.close();
    });
    queue = new Queue(SINCH_QUEUE_NAME, { connection: setup.redis.bullmqConnection({ failFast: true }) });
    await queue.waitUntilReady();
    panel = new QueuePanel(queue, slow);
  }
  const client = new InboundsClient(setup.clientOptions);

  const store = new InboxStore();
  const replies = new ReplyStore();
  const events = new SseChannel();
  // Every open page gets each new message, whether the webhook or a backfill brought it.
  store.onAdded((message) => events.send('inbound', message));
  telemetry.outcomes.onChange((counts) => events.send('outcomes', counts));
  panel?.onChange((state) => events.send('queue', state));
  // A reply's delivery ticks: each report finds its reply by batch id.
  replies.onChange((reply) => events.send('reply', reply));
  // With REDIS_URL, every instance shares dedupe and replay memory through Redis, and the
  // webhook enqueues (answered once the job is in Redis) instead of running the handlers.
  const receiver = createWebhookReceiver({ secret: setup.webhookSecret, ...setup.redis?.stores, ...(queue && { queue: bullmqQueue(queue) }) });
  // One handler for both paths: reconcile hands what webhooks missed to it, each message once.
  receiver.on('inbound', async (message, context) => {
    // The page's "slow handler" switch: a CRM call or a model would take this long.
    await slow.work();
    if (store.add(message)) log.log(`${context.source === 'reconcile' ? 'reconciled' : 'received'} ${describeMessage(message)}`);
  });
  receiver.on('delivery_report', (report) => {
    const reply = replies.applyReport(report);
    if (reply !== undefined) log.log(`reply ${reply.batch_id} to ${reply.to}: ${reply.status}`);
  });
  if (setup.redis !== undefined) worker = await startSinchWorker(receiver, { connection: setup.redis.bullmqConnection(), concurrency: DEMO_WORKER_CONCURRENCY });
  const backfill = () => receiver.reconcile(client, { since: new Date(Date.now() - BACKFILL_WINDOW_MS) });

  const app = createInboxApp({
    mode: config.mode,
    webhook: sinchWebhook(receiver),
    store,
    events,
    backfill,
    telemetry,
    replies: { client, inbox: store, replies },
    ...(queue && panel && { queue: { panel, dashboard: queueDashboard(queue) } }),
    ...(simulator && {
      sendTestSms: async (sms) => (await simulator.send({ type: 'mo_text', ...sms })).inbound.id,
    }),
  });

  const server = await listen(app, config.port, config.host);
  shutdown.onStop(() => closeServer(server, events));

  await runDemoSession({ setup, port: (server.address() as AddressInfo).port, backfill, log, signal: shutdown.signal, queue: panel });
  if (config.oneshot) await shutdown.stop(0);
}

function listen(app: RequestListener, port: number, host: string): Promise<Server> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(explainListenError(error, port)));
    server.listen(port, host, () => resolve(server));
  });
}

/** Ends the page streams (which would otherwise hold the server open) and closes the server. */
function closeServer(server: Server, events: SseChannel): Promise<void> {
  events.close();
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

main().catch((error: unknown) => {
  shutdown.fail(error, () => console.error(error instanceof DemoConfigError ? `[inbox] ${error.message}` : error));
});
