// The NestJS SMS inbox. With no SINCH_* variables it starts the Sinch simulator
// in-process, points the simulator's webhook at its own verified endpoint and sends one
// message of each type; with them it receives from and reads Sinch itself. What both
// demos share (page, config, simulator, store, oneshot) is @sinch-inbounds/demo-kit.
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConsoleLogger, Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  BACKFILL_WINDOW_MS,
  DemoConfigError,
  DemoShutdown,
  explainListenError,
  INBOX_ASSETS_DIR,
  QueuePanel,
  runDemoSession,
  setUpDemo,
  startDemoTelemetry,
} from '@sinch-inbounds/demo-kit';
import { SinchInboundsService } from '@sinch-inbounds/nestjs';
import { AppModule } from './app.module.js';

const logger = new Logger('Inbox');
// First, so that Ctrl+C at any moment (even while Nest wires itself up) stops cleanly.
const shutdown = DemoShutdown.install();

async function main(): Promise<void> {
  // Before the webhook exists, so that the first callback is counted.
  const telemetry = startDemoTelemetry();
  shutdown.onStop(() => telemetry.close());
  const setup = await setUpDemo();
  const { config, simulator } = setup;
  if (simulator !== undefined) shutdown.onStop(() => simulator.close());
  // Redis last: the queue's worker finishes its running jobs while its connections are open.
  if (setup.redis !== undefined) shutdown.onStopLast(setup.redis.close);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(setup, telemetry), {
    // The webhook checks signatures over the exact bytes Sinch sent.
    rawBody: true,
    // Open SSE streams would otherwise hold app.close() until the pages go away.
    forceCloseConnections: true,
    // Quiet while Nest wires itself up; the usual log levels once it listens. Colours
    // only on a terminal: piped into a file or a CI log, ANSI codes are noise.
    logger: new ConsoleLogger({ logLevels: ['error', 'warn'], colors: process.stdout.isTTY === true }),
  });
  // Closing the app ends the page streams (forceCloseConnections) and the server.
  shutdown.onStop(() => app.close());
  // The page's scripts, styles and picture; the page itself is PageController's.
  app.useStaticAssets(INBOX_ASSETS_DIR, { index: false });
  await listen(app, config.port, config.host);
  app.useLogger(['log', 'error', 'warn']);

  await runDemoSession({
    setup,
    port: ((app.getHttpServer() as Server).address() as AddressInfo).port,
    backfill: () => app.get(SinchInboundsService).reconcile({ since: new Date(Date.now() - BACKFILL_WINDOW_MS) }),
    log: logger,
    signal: shutdown.signal,
    queue: setup.redis === undefined ? undefined : app.get(QueuePanel),
  });
  if (config.oneshot) await shutdown.stop(0);
}

async function listen(app: INestApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (error) {
    throw explainListenError(error, port);
  }
}

main().catch((error: unknown) => {
  shutdown.fail(error, () => {
    if (error instanceof DemoConfigError) logger.error(error.message);
    else logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  });
});
