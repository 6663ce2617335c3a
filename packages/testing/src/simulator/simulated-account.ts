import type { Random } from './random.js';
import type { SimulatorOptions } from './types.js';

/** The credentials the simulator accepts: a service plan (bearer mode) and a project's access key (OAuth2 mode). */
export interface SimulatedAccount {
  servicePlanId: string;
  apiToken: string;
  projectId: string;
  keyId: string;
  keySecret: string;
}

/**
 * The credentials given in `options`, the others generated from `random` — always in
 * this order, so a seeded simulator generates the same account and the same data after it.
 */
export function simulatedAccount(options: SimulatorOptions, random: Random): SimulatedAccount {
  const servicePlanId = options.servicePlanId ?? hex(random, 32);
  const apiToken = options.apiToken ?? hex(random, 32);
  const projectId = options.projectId ?? uuid(random);
  const keyId = options.keyId ?? uuid(random);
  const keySecret = options.keySecret ?? hex(random, 40);
  return { servicePlanId, apiToken, projectId, keyId, keySecret };
}

function hex(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

function uuid(random: Random): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}
