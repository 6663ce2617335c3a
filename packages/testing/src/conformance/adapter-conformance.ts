import { acceptedCases } from './cases/accepted-cases.js';
import { authCases } from './cases/auth-cases.js';
import { bodyLimitCases } from './cases/body-limit-cases.js';
import { connectionCases } from './cases/connection-cases.js';
import { failureCases } from './cases/failure-cases.js';
import { rawBytesCases } from './cases/raw-bytes-cases.js';
import { refusalCases } from './cases/refusal-cases.js';
import type { AdapterConformanceOptions, ConformanceCase } from './types.js';

/**
 * The contract every adapter must meet, as a list of named cases to hand to any test
 * runner — no runner is imported here:
 *
 * ```ts
 * for (const c of adapterConformance({ start })) it(c.name, c.run); // vitest, jest
 * for (const c of adapterConformance({ start })) test(c.name, c.run); // node:test
 * ```
 *
 * Each case builds a receiver with the kit's secret, starts the adapter on it with
 * `start`, talks to it over real HTTP with callbacks signed like Sinch signs them, and
 * stops it: the status contract (200 accepted and duplicate, 401 for each auth failure,
 * 405 with `Allow`, 415, 413 without buffering, 400 only without auth, 500 for a throwing
 * handler and, opt-in, for a consumed body), the exact signed bytes, 20 concurrent copies
 * of one message handled once, and a client that goes away mid-body.
 */
export function adapterConformance(options: AdapterConformanceOptions): ConformanceCase[] {
  return [
    ...acceptedCases(options),
    ...authCases(options),
    ...refusalCases(options),
    ...bodyLimitCases(options),
    ...failureCases(options),
    ...rawBytesCases(options),
    ...connectionCases(options),
  ];
}
