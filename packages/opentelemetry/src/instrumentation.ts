import { metrics, type MeterProvider } from '@opentelemetry/api';
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
 * Constructed on its own it is already enabled, against the global providers — in
 * either order: created before the SDK sets the global meter provider, it moves its
 * instruments to that provider when it records next. A provider given to it explicitly
 * (`setMeterProvider`, `registerInstrumentations({ meterProvider })`) stays its own.
 */
export class SinchInboundsInstrumentation extends InstrumentationBase<SinchInboundsInstrumentationConfig> {
  // Declared, not initialised: the base constructor calls the methods below before
  // this class's field initialisers would run, and they would overwrite what it set.
  declare private instruments: Instruments;
  declare private unsubscribe: (() => void) | undefined;
  // The global meter provider the instruments were made on, or `'explicit'` once one was
  // given: OpenTelemetry's metrics API has no proxy provider (its traces API does), so a
  // meter taken from the globals before the SDK set them would stay a no-op for good.
  declare private meterSource: MeterProvider | 'explicit';

  constructor(config: SinchInboundsInstrumentationConfig = {}) {
    super(packageJson.name, packageJson.version, config);
    this.meterSource = metrics.getMeterProvider();
  }

  /** Records through `meterProvider` from now on, whatever is set globally later. */
  override setMeterProvider(meterProvider: MeterProvider): void {
    this.meterSource = 'explicit';
    super.setMeterProvider(meterProvider);
  }

  /** The instruments, first moved to the global meter provider if it changed since they were made. */
  private currentInstruments(): Instruments {
    if (this.meterSource !== 'explicit') {
      const global = metrics.getMeterProvider();
      if (global !== this.meterSource) {
        this.meterSource = global;
        super.setMeterProvider(global);
      }
    }
    return this.instruments;
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
    const instruments = () => this.currentInstruments();
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
