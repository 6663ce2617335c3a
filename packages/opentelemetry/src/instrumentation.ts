import { InstrumentationBase, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { DIAGNOSTICS_CHANNELS } from '@sinch-inbounds/core';
import packageJson from '../package.json' with { type: 'json' };
import { clientRequestMapping } from './client-request-trace.js';
import { contextStorage } from './context-storage.js';
import { handlerMapping } from './handler-trace.js';
import { reconcileMapping } from './reconcile-trace.js';
import { createInstruments, type Instruments } from './instruments.js';
import { subscribeTrace } from './trace-subscription.js';
import { webhookMapping } from './webhook-trace.js';

/** Options of {@link SinchInboundsInstrumentation}: OpenTelemetry's usual `enabled`. */
export type SinchInboundsInstrumentationConfig = InstrumentationConfig;

/**
 * Records metrics and spans for `@sinch-inbounds/core`'s webhook receiver and inbounds
 * client, by subscribing to core's diagnostics channels: nothing is patched, and it
 * works for every copy of core in the process.
 *
 * Register it like any instrumentation, e.g.
 * `registerInstrumentations({ instrumentations: [new SinchInboundsInstrumentation()] })`
 * or `new NodeSDK({ instrumentations: [new SinchInboundsInstrumentation()] })`.
 * Constructed on its own it is already enabled, against the global providers.
 */
export class SinchInboundsInstrumentation extends InstrumentationBase<SinchInboundsInstrumentationConfig> {
  // Declared, not initialised: the base constructor calls the methods below before
  // this class's field initialisers would run, and they would overwrite what it set.
  declare private instruments: Instruments;
  declare private unsubscribe: (() => void) | undefined;

  constructor(config: SinchInboundsInstrumentationConfig = {}) {
    super(packageJson.name, packageJson.version, config);
  }

  /** Nothing to patch: core publishes on `node:diagnostics_channel`. */
  protected override init(): undefined {
    return undefined;
  }

  protected override _updateMetricInstruments(): void {
    this.instruments = createInstruments(this.meter);
  }

  /** Subscribes to core's channels (once, however often it is called). */
  override enable(): void {
    super.enable();
    if (this.unsubscribe !== undefined) return;
    const { storage } = contextStorage();
    const tracer = () => this.tracer;
    const instruments = () => this.instruments;
    const stops = [
      subscribeTrace(DIAGNOSTICS_CHANNELS.webhook, storage, webhookMapping(tracer, instruments)),
      subscribeTrace(DIAGNOSTICS_CHANNELS.handler, storage, handlerMapping(tracer, instruments)),
      subscribeTrace(DIAGNOSTICS_CHANNELS.clientRequest, storage, clientRequestMapping(tracer, instruments)),
      subscribeTrace(DIAGNOSTICS_CHANNELS.reconcile, storage, reconcileMapping(tracer)),
    ];
    this.unsubscribe = () => {
      for (const stop of stops) stop();
    };
  }

  /** Unsubscribes: core goes back to publishing nothing. */
  override disable(): void {
    super.disable();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
