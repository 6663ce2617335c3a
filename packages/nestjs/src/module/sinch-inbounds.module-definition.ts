import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SinchInboundsModuleOptions } from '../options/sinch-inbounds-module-options.js';
import { SINCH_INBOUNDS_MODULE_OPTIONS } from '../tokens.js';

/** Extra `forRoot` / `forRootAsync` options that shape the module itself rather than its providers. */
export interface SinchInboundsModuleExtras {
  /** Register the module globally, so feature modules can inject `SinchInboundsService` without importing it. */
  isGlobal?: boolean;
}

const built = new ConfigurableModuleBuilder<SinchInboundsModuleOptions>({
  moduleName: 'SinchInbounds',
  optionsInjectionToken: SINCH_INBOUNDS_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createSinchInboundsOptions')
  .setExtras<SinchInboundsModuleExtras>({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal === true,
  }))
  .build();

/** The generated base class with `forRoot` / `forRootAsync`. */
export const ConfigurableSinchInboundsModule = built.ConfigurableModuleClass;

/** What `SinchInboundsModule.forRoot()` takes: the options plus `isGlobal`. */
export type SinchInboundsModuleForRootOptions = typeof built.OPTIONS_TYPE;

/**
 * What `SinchInboundsModule.forRootAsync()` takes: `imports`, `inject` and one of
 * `useFactory` / `useClass` / `useExisting` (a class with `createSinchInboundsOptions()`),
 * plus `isGlobal`.
 */
export type SinchInboundsModuleAsyncOptions = typeof built.ASYNC_OPTIONS_TYPE;

/** A class `forRootAsync({ useClass })` or `({ useExisting })` can name: it builds the options. */
export interface SinchInboundsOptionsFactory {
  /** Returns the module options, possibly after async work (reading secrets, say). */
  createSinchInboundsOptions(): SinchInboundsModuleOptions | Promise<SinchInboundsModuleOptions>;
}
