import type { SinchInboundsModuleOptions } from '../module/sinch-inbounds-module-options.js';

/** Core's `scheduleReconcile` default window: the 23 h Sinch keeps retrying, inside the 24 h dedupe memory. */
const DEFAULT_WINDOW_MS = 23 * 60 * 60 * 1000;

/** The trailing window reconcile covers: the schedule's `windowMs`, else core's default. */
export function reconcileWindowMs(options: SinchInboundsModuleOptions): number {
  const reconcile = options.reconcile;
  return typeof reconcile === 'object' && reconcile.windowMs !== undefined ? reconcile.windowMs : DEFAULT_WINDOW_MS;
}
