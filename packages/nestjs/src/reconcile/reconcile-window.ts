import { DEFAULT_RECONCILE_WINDOW_MS } from '@sinch-inbounds/core';
import type { SinchInboundsModuleOptions } from '../options/sinch-inbounds-module-options.js';

/** The trailing window reconcile covers: the schedule's `windowMs`, else core's default. */
export function reconcileWindowMs(options: SinchInboundsModuleOptions): number {
  const reconcile = options.reconcile;
  return typeof reconcile === 'object' && reconcile.windowMs !== undefined ? reconcile.windowMs : DEFAULT_RECONCILE_WINDOW_MS;
}
