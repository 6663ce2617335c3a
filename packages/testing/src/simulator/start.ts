import type { SimulatorOptions, SinchSimulator } from './types.js';

/**
 * Starts a local Sinch on loopback: the inbounds REST API, the OAuth2 token endpoint
 * and signed callback delivery. Close it with `close()`.
 */
export async function startSinchSimulator(options: SimulatorOptions = {}): Promise<SinchSimulator> {
  void options;
  throw new Error('startSinchSimulator: not implemented yet (API stub)');
}
