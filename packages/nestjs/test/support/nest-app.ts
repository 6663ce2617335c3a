import { Module, type INestApplication, type ModuleMetadata, type NestApplicationOptions, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/** The two HTTP platforms the module supports; every HTTP test runs on both. */
export const PLATFORMS = ['express', 'fastify'] as const;
/** One of {@link PLATFORMS}. */
export type Platform = (typeof PLATFORMS)[number];

/** A Nest app listening on loopback. */
export interface RunningApp {
  app: INestApplication;
  /** Base URL, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  close(): Promise<void>;
}

/** What a test app is made of. */
export interface TestAppSpec {
  imports: NonNullable<ModuleMetadata['imports']>;
  providers?: Provider[];
  /** Nest application options; `rawBody: true` unless said otherwise. */
  options?: NestApplicationOptions;
}

/** Creates (but does not start) an app with `imports` and `providers` on `platform`. */
export async function createNestApp(platform: Platform, spec: TestAppSpec): Promise<INestApplication> {
  @Module({ imports: spec.imports, providers: spec.providers ?? [] })
  class TestAppModule {}
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  return NestFactory.create(TestAppModule, adapter, { rawBody: true, logger: false, ...spec.options });
}

/** Starts a created app on 127.0.0.1:0. */
export async function listenNestApp(app: INestApplication): Promise<RunningApp> {
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

/** Boots an app with `imports` and `providers` on `platform`, listening on 127.0.0.1:0. */
export async function startNestApp(platform: Platform, spec: TestAppSpec): Promise<RunningApp> {
  return listenNestApp(await createNestApp(platform, spec));
}

export { createRecordingLogger as recordingLogger } from '@sinch-inbounds/testing';
