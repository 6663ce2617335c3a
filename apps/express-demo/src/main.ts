// The Express SMS inbox. With no SINCH_* variables it starts the Sinch simulator
// in-process, points the simulator's webhook at its own verified endpoint and sends one
// message of each type; with them it receives from and reads Sinch itself.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookReceiver, InboundsClient, sinchWebhook } from '@sinch-inbounds/express';
import type { SinchSimulator } from '@sinch-inbounds/testing';
import { DemoConfigError, readDemoConfig, type DemoConfig } from './config/demo-config.js';
import { createInboxApp, WEBHOOK_PATH } from './http/create-app.js';
import { fetchLastDay } from './inbox/backfill.js';
import { describeMessage } from './inbox/describe-message.js';
import { InboxStore } from './inbox/inbox-store.js';
import { SseChannel } from './inbox/sse-channel.js';
import { sendSeedMessages, startDemoSimulator } from './simulator/demo-simulator.js';

// A oneshot run that has not received its messages by then has failed; never hang.
const ONESHOT_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  // `cp .env.example .env` is the documented way to set credentials.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = readDemoConfig(process.env);

  const simulator = config.mode === 'simulator' ? await startDemoSimulator() : undefined;
  // On the simulator the secret only has to be shared between it and us: make one up.
  const secret = config.mode === 'sinch' ? config.webhookSecret : randomBytes(24).toString('base64url');
  const client = new InboundsClient(
    config.mode === 'sinch'
      ? { servicePlanId: config.servicePlanId, apiToken: config.apiToken, region: config.region }
      : { servicePlanId: simulator!.servicePlanId, apiToken: simulator!.apiToken, baseUrl: simulator!.url },
  );

  const store = new InboxStore();
  const events = new SseChannel();
  const receiver = createWebhookReceiver({ secret });
  receiver.on('inbound', (message) => {
    if (!store.add(message)) return;
    console.log(`[inbox] received ${describeMessage(message)}`);
    events.send('inbound', message);
  });

  const app = createInboxApp({
    mode: config.mode,
    webhook: sinchWebhook(receiver),
    store,
    events,
    backfill: () => fetchLastDay(client),
    onBackfilled: (message) => console.log(`[inbox] backfilled ${describeMessage(message)}`),
    ...(simulator && {
      sendTestSms: async (sms) => (await simulator.send({ type: 'mo_text', ...sms })).inbound.id,
    }),
  });

  const server = await listen(app, config);
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}/`;
  const stop = shutdown(server, events, simulator);
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  if (simulator === undefined) {
    console.log(`[inbox] Sinch mode (region ${client.region}): point your Sinch callback URL at https://<your public host>${WEBHOOK_PATH}`);
  } else {
    simulator.setWebhook({ url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`, secret });
    console.log(`[inbox] simulator mode: a local Sinch runs at ${simulator.url} and delivers signed callbacks to ${WEBHOOK_PATH}`);
  }
  console.log(`[inbox] Open ${url} to see the inbox`);

  if (config.oneshot) {
    await runOneshot(config, client, simulator, url);
    await stop(0);
    return;
  }
  if (simulator !== undefined) await sendSeedMessages(simulator, url);
}

/** Receives the seeded messages (or, on Sinch, backfills the last day), prints them and returns. */
async function runOneshot(config: DemoConfig, client: InboundsClient, simulator: SinchSimulator | undefined, url: string): Promise<void> {
  const timer = setTimeout(() => {
    console.error(`[inbox] oneshot: nothing finished within ${ONESHOT_TIMEOUT_MS / 1000} s; giving up`);
    process.exit(1);
  }, ONESHOT_TIMEOUT_MS).unref();
  if (simulator !== undefined) {
    const records = await sendSeedMessages(simulator, url);
    const failed = records.filter((record) => record.outcome !== 'delivered');
    if (failed.length > 0) {
      throw new Error(`oneshot: ${failed.length} seeded message(s) were not delivered: ${failed.map((r) => `${r.inboundId} ${r.outcome}`).join(', ')}`);
    }
    console.log(`[inbox] oneshot: received all ${records.length} seeded messages; exiting`);
  } else {
    const messages = await fetchLastDay(client);
    for (const message of messages) console.log(`[inbox] backfilled ${describeMessage(message)}`);
    console.log(`[inbox] oneshot (${config.mode} mode): ${messages.length} message(s) in the last 24 h; exiting`);
  }
  clearTimeout(timer);
}

function listen(app: RequestListener, config: DemoConfig): Promise<Server> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new DemoConfigError(`port ${config.port} is in use; set PORT to another port (PORT=0 picks a free one)`) : error),
    );
    server.listen(config.port, config.host, () => resolve(server));
  });
}

/** Closes the page streams, the server and the simulator, then exits with `code`. */
function shutdown(server: Server, events: SseChannel, simulator: SinchSimulator | undefined): (code: number) => Promise<void> {
  let stopping: Promise<void> | undefined;
  return (code) => {
    stopping ??= (async () => {
      events.close();
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        simulator?.close(),
      ]);
      process.exit(code);
    })();
    return stopping;
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof DemoConfigError ? `[inbox] ${error.message}` : error);
  process.exit(1);
});
