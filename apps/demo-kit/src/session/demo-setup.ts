import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { InboundsClientOptions } from '@sinch-inbounds/core';
import type { SinchSimulator } from '@sinch-inbounds/testing';
import { readDemoConfig, type DemoConfig } from '../config/demo-config.js';
import { connectDemoRedis, type DemoRedis } from '../redis/demo-redis.js';
import { startDemoSimulator } from '../simulator/demo-simulator.js';

/** Where Sinch (or the simulator) posts callbacks, in both demos. */
export const WEBHOOK_PATH = '/sinch/callbacks';

/** What a demo is built from, before its framework starts. */
export interface DemoSetup {
  /** The environment, read and checked. */
  config: DemoConfig;
  /** The in-process Sinch in simulator mode; `undefined` in Sinch mode. */
  simulator: SinchSimulator | undefined;
  /** The secret callbacks are signed with: Sinch's, or one made up for the simulator. */
  webhookSecret: string;
  /** Options for the inbounds client: Sinch's API, or the simulator's. */
  clientOptions: InboundsClientOptions;
  /**
   * Redis when `REDIS_URL` is set: pass `redis.stores` to the receiver so several
   * instances share dedupe and replay memory; `undefined` keeps both in this process.
   */
  redis: DemoRedis | undefined;
}

/**
 * Reads `.env` in the working folder when there is one (`cp .env.example .env` is the
 * documented way to set credentials), then the environment; in simulator mode starts the
 * simulator, so that its URL is known before the app is wired.
 *
 * @throws {DemoConfigError} when the environment is wrong, naming the variable to fix.
 */
export async function setUpDemo(): Promise<DemoSetup> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = readDemoConfig(process.env);
  const redisUrl = process.env.REDIS_URL;
  const redis = redisUrl === undefined || redisUrl === '' ? undefined : await connectDemoRedis(redisUrl);
  if (config.mode === 'sinch') {
    return {
      config,
      redis,
      simulator: undefined,
      webhookSecret: config.webhookSecret,
      clientOptions: {
        servicePlanId: config.servicePlanId,
        apiToken: config.apiToken,
        region: config.region,
        ...(config.baseUrl !== undefined && { baseUrl: config.baseUrl }),
      },
    };
  }
  const simulator = await startDemoSimulator();
  return {
    config,
    redis,
    simulator,
    // On the simulator the secret only has to be shared between it and us: make one up.
    webhookSecret: randomBytes(24).toString('base64url'),
    clientOptions: { servicePlanId: simulator.servicePlanId, apiToken: simulator.apiToken, baseUrl: simulator.url },
  };
}
