import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SinchInboundsModuleOptions } from '../options/sinch-inbounds-module-options.js';
import { SINCH_INBOUNDS_MODULE_OPTIONS, SINCH_PROCESS_ONLY } from '../tokens.js';

/** Extra `forRoot` / `forRootAsync` options that shape the module itself rather than its providers. */
export interface SinchInboundsModuleExtras {
  /** Register the module globally, so feature modules can inject `SinchInboundsService` without importing it. */
  isGlobal?: boolean;
  /**
   * The app only processes callbacks others received — a queue worker, e.g. an
   * `@nestjs/bullmq` processor calling `runSinchJob` — and serves no webhook: no
   * controller, no route, no `rawBody` check, and `webhook.secret` is not required (the
   * web app that enqueues checked every signature). `@OnSinchCallback` handlers,
   * `SinchInboundsService` and the receiver's `dedupe`, `handlerTimeoutMs`, … work as in
   * a web app. Without a `secret`, the receiver gets a random one no sender knows, so a
   * request that reaches it anyway is refused. Default `false`.
   */
  processOnly?: boolean;
}

const built = new ConfigurableModuleBuilder<SinchInboundsModuleOptions>({
  moduleName: 'SinchInbounds',
  optionsInjectionToken: SINCH_INBOUNDS_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createSinchInboundsOptions')
  .setExtras<SinchInboundsModuleExtras>({ isGlobal: false, processOnly: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal === true,
    providers: [...(definition.providers ?? []), { provide: SINCH_PROCESS_ONLY, useValue: extras.processOnly === true }],
  }))
  .build();

/** The generated base class with `forRoot` / `forRootAsync`. */
export const ConfigurableSinchInboundsModule = built.ConfigurableModuleClass;

/** What `SinchInboundsModule.forRoot()` takes: the options plus `isGlobal` and `processOnly`. */
export type SinchInboundsModuleForRootOptions = typeof built.OPTIONS_TYPE;

/**
 * What `SinchInboundsModule.forRootAsync()` takes: `imports`, `inject` and one of
 * `useFactory` / `useClass` / `useExisting` (a class with `createSinchInboundsOptions()`),
 * plus `isGlobal` and `processOnly`.
 */
export type SinchInboundsModuleAsyncOptions = typeof built.ASYNC_OPTIONS_TYPE;

/** A class `forRootAsync({ useClass })` or `({ useExisting })` can name: it builds the options. */
export interface SinchInboundsOptionsFactory {
  /** Returns the module options, possibly after async work (reading secrets, say). */
  createSinchInboundsOptions(): SinchInboundsModuleOptions | Promise<SinchInboundsModuleOptions>;
}
