// The NestJS SMS inbox. With no SINCH_* variables it starts the Sinch simulator
// in-process, points the simulator's webhook at its own verified endpoint and sends one
// message of each type; with them it receives from and reads Sinch itself.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { SinchSimulator } from '@sinch-inbounds/testing';
import { AppModule, WEBHOOK_PATH } from './app.module.js';
import { DemoConfigError, readDemoConfig } from './config/demo-config.js';
import { InboxController } from './inbox/inbox.controller.js';
import { sendSeedMessages, startDemoSimulator } from './simulator/demo-simulator.js';

// The page lives next to dist/ (apps/nestjs-demo/public), served as plain files.
const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
// A oneshot run that has not received its messages by then has failed; never hang.
const ONESHOT_TIMEOUT_MS = 60_000;
const logger = new Logger('Inbox');

async function main(): Promise<void> {
  // `cp .env.example .env` is the documented way to set credentials.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = readDemoConfig(process.env);

  const simulator = config.mode === 'simulator' ? await startDemoSimulator() : undefined;
  // On the simulator the secret only has to be shared between it and us: make one up.
  const webhookSecret = config.mode === 'sinch' ? config.webhookSecret : randomBytes(24).toString('base64url');

  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, simulator, webhookSecret }), {
    // The webhook checks signatures over the exact bytes Sinch sent.
    rawBody: true,
    // Open SSE streams would otherwise hold app.close() until the pages go away.
    forceCloseConnections: true,
    // Quiet while Nest wires itself up; the usual log levels once it listens.
    logger: ['error', 'warn'],
  });
  app.useStaticAssets(PUBLIC_DIR);
  await listen(app, config.port, config.host);
  app.useLogger(['log', 'error', 'warn']);
  const port = ((app.getHttpServer() as Server).address() as AddressInfo).port;
  const url = `http://localhost:${port}/`;
  const stop = shutdown(app, simulator);
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  if (simulator === undefined) {
    logger.log(`Sinch mode: point your Sinch callback URL at https://<your public host>/${WEBHOOK_PATH}`);
  } else {
    simulator.setWebhook({ url: `http://127.0.0.1:${port}/${WEBHOOK_PATH}`, secret: webhookSecret });
    logger.log(`simulator mode: a local Sinch runs at ${simulator.url} and delivers signed callbacks to /${WEBHOOK_PATH}`);
  }
  logger.log(`Open ${url} to see the inbox`);

  if (!config.oneshot) {
    if (simulator !== undefined) await sendSeedMessages(simulator, url);
    return;
  }
  const timer = setTimeout(() => {
    logger.error(`oneshot: nothing finished within ${ONESHOT_TIMEOUT_MS / 1000} s; giving up`);
    process.exit(1);
  }, ONESHOT_TIMEOUT_MS).unref();
  if (simulator !== undefined) {
    const records = await sendSeedMessages(simulator, url);
    const failed = records.filter((record) => record.outcome !== 'delivered');
    if (failed.length > 0) {
      throw new Error(`oneshot: ${failed.length} seeded message(s) were not delivered: ${failed.map((r) => `${r.inboundId} ${r.outcome}`).join(', ')}`);
    }
    logger.log(`oneshot: received all ${records.length} seeded messages; exiting`);
  } else {
    const { added } = await app.get(InboxController).backfill();
    logger.log(`oneshot (sinch mode): ${added} message(s) in the last 24 h; exiting`);
  }
  clearTimeout(timer);
  await stop(0);
}

/** Closes the app (which ends the page streams) and the simulator, then exits with `code`. */
function shutdown(app: INestApplication, simulator: SinchSimulator | undefined): (code: number) => Promise<void> {
  let stopping: Promise<void> | undefined;
  return (code) => {
    stopping ??= (async () => {
      await Promise.all([app.close(), simulator?.close()]);
      process.exit(code);
    })();
    return stopping;
  };
}

async function listen(app: INestApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new DemoConfigError(`port ${port} is in use; set PORT to another port (PORT=0 picks a free one)`);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof DemoConfigError) logger.error(error.message);
  else logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
