import { SINCH_REGIONS, type SinchRegion } from '@sinch-inbounds/core';

/** Runs against the in-process Sinch simulator: no account, no network. */
export interface SimulatorModeConfig {
  mode: 'simulator';
}

/** Runs against Sinch with real credentials. */
export interface SinchModeConfig {
  mode: 'sinch';
  /** `SINCH_SERVICE_PLAN_ID`. */
  servicePlanId: string;
  /** `SINCH_API_TOKEN`. */
  apiToken: string;
  /** `SINCH_REGION`, checked against the regions the client knows. */
  region: SinchRegion;
  /** `SINCH_WEBHOOK_SECRET`: callbacks must be signed with it. */
  webhookSecret: string;
}

/** Everything the demo reads from its environment. */
export type DemoConfig = (SimulatorModeConfig | SinchModeConfig) & {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** Receive the seeded messages, print them and exit (for smoke tests). */
  oneshot: boolean;
};

/** A configuration mistake, reported to the user without a stack trace. */
export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
}

const SINCH_VARIABLES = ['SINCH_SERVICE_PLAN_ID', 'SINCH_API_TOKEN', 'SINCH_REGION', 'SINCH_WEBHOOK_SECRET'] as const;

/**
 * Reads the demo's settings. With none of the `SINCH_*` variables set the demo runs on the
 * simulator; with all four it talks to Sinch; anything in between is a mistake worth
 * stopping for, rather than silently falling back to the simulator.
 *
 * @throws {DemoConfigError} naming the variable to fix.
 */
export function readDemoConfig(env: NodeJS.ProcessEnv): DemoConfig {
  const portText = env.PORT?.trim() || '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new DemoConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(env.PORT)}`);
  const common = { port, host: env.HOST?.trim() || '127.0.0.1', oneshot: env.DEMO_ONESHOT === '1' || env.DEMO_ONESHOT === 'true' };

  const given = SINCH_VARIABLES.filter((name) => (env[name]?.trim() ?? '') !== '');
  if (given.length === 0) return { ...common, mode: 'simulator' };
  const missing = SINCH_VARIABLES.filter((name) => !given.includes(name));
  if (missing.length > 0) {
    throw new DemoConfigError(
      `to talk to Sinch set all of ${SINCH_VARIABLES.join(', ')} (missing: ${missing.join(', ')}); ` +
        'unset them all to run on the simulator',
    );
  }
  const region = env.SINCH_REGION!.trim().toLowerCase();
  if (!SINCH_REGIONS.includes(region as SinchRegion)) {
    throw new DemoConfigError(`SINCH_REGION must be one of ${SINCH_REGIONS.join(', ')}, got ${JSON.stringify(env.SINCH_REGION)}`);
  }
  return {
    ...common,
    mode: 'sinch',
    servicePlanId: env.SINCH_SERVICE_PLAN_ID!.trim(),
    apiToken: env.SINCH_API_TOKEN!.trim(),
    region: region as SinchRegion,
    webhookSecret: env.SINCH_WEBHOOK_SECRET!.trim(),
  };
}
