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
  /**
   * `SINCH_BASE_URL`, optional: the REST API's origin instead of the region's Sinch host —
   * a proxy, or the `sinch-simulator` CLI in tests.
   */
  baseUrl?: string;
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
const BASE_URL_VARIABLE = 'SINCH_BASE_URL';

/**
 * Reads the demo's settings. With none of the `SINCH_*` variables set the demo runs on the
 * simulator; with all four it talks to Sinch (at `SINCH_BASE_URL` when that is set too);
 * anything in between is a mistake worth stopping for, rather than silently falling back
 * to the simulator. Blank values count as unset, so a copied `.env.example` runs the simulator.
 *
 * @throws {DemoConfigError} naming the variable to fix.
 */
export function readDemoConfig(env: NodeJS.ProcessEnv): DemoConfig {
  const portText = env.PORT?.trim() || '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new DemoConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(env.PORT)}`);
  const common = { port, host: env.HOST?.trim() || '127.0.0.1', oneshot: env.DEMO_ONESHOT === '1' || env.DEMO_ONESHOT === 'true' };

  const given = SINCH_VARIABLES.filter((name) => (env[name]?.trim() ?? '') !== '');
  const baseUrl = env[BASE_URL_VARIABLE]?.trim() || undefined;
  if (given.length === 0) {
    // Ignoring it would run the simulator while the user expects their proxy to be used.
    if (baseUrl !== undefined) throw new DemoConfigError(`${BASE_URL_VARIABLE} only applies in Sinch mode: set ${SINCH_VARIABLES.join(', ')} too, or unset it`);
    return { ...common, mode: 'simulator' };
  }
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
    ...(baseUrl !== undefined && { baseUrl: readBaseUrl(baseUrl) }),
  };
}

// Checked here rather than by the client so that the message names the variable.
function readBaseUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new DemoConfigError(`${BASE_URL_VARIABLE} must be an http: or https: URL, got ${JSON.stringify(text)}`);
  }
  return text;
}
