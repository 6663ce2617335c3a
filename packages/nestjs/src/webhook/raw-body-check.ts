import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SINCH_WEBHOOK_PATH } from '../tokens.js';
import { registerParsersAroundWebhook, type ExpressMiddlewareHost } from './express-parser-bypass.js';
import { keepFastifyParsersOffWebhook, type FastifyHookHost } from './fastify-parser-bypass.js';
import { prefixedPath } from './webhook-route-path.js';

/** The one adapter method whose arguments carry the app's `rawBody` option (Nest 10, 11 and 12, Express and Fastify). */
interface ParserRegistrar extends Partial<ExpressMiddlewareHost> {
  registerParserMiddleware(prefix?: string, rawBody?: boolean): unknown;
  getInstance?(): unknown;
}

/** What the start-up error says: the fix, on either platform. */
export const RAW_BODY_NOT_ENABLED_MESSAGE =
  'SinchInboundsModule: the app was created without `rawBody: true`, so Nest parses the JSON of every request and ' +
  'keeps no copy of the exact bytes Sinch signs, and no callback could be verified. Create the app with ' +
  'NestFactory.create(AppModule, { rawBody: true }) (on Fastify: NestFactory.create(AppModule, new FastifyAdapter(), ' +
  '{ rawBody: true })), or, on Express only, with bodyParser: false to let the webhook read the body itself (Fastify ' +
  'would still parse JSON with its own default parser).';

/**
 * Fails the app's start-up (`app.init()` / `app.listen()`) when Nest's JSON body parser
 * was registered without `rawBody: true`, rather than answering 500 to the first SMS.
 *
 * Nest keeps its application options private; the only public place the flag shows is
 * the HTTP adapter's `registerParserMiddleware(prefix, rawBody)`, which `app.init()` calls
 * before any `onModuleInit`. So this provider wraps that method on the app's own adapter
 * instance to see the flag go by. `NestFactory.create` sets the adapter before it builds
 * the providers; a testing module (`Test.createTestingModule(...).compile()`) sets it
 * later, in `createNestApplication()`, through `HttpAdapterHost`'s setter, so there the
 * wrapping waits for that one assignment.
 *
 * The same wrapper also keeps the platform's parsers off the webhook route, so that the
 * receiver answers every request there: Nest's parsers on Express (see
 * {@link registerParsersAroundWebhook}), Fastify's content-type parsing on Fastify (see
 * {@link keepFastifyParsersOffWebhook}). Nest calls it before it maps any route.
 */
@Injectable()
export class RawBodyCheck implements OnModuleInit {
  /** `undefined` until Nest registers its body parsers (never with `bodyParser: false`). */
  private rawBody: boolean | undefined;

  constructor(
    @Inject(HttpAdapterHost) adapterHost: HttpAdapterHost,
    @Inject(SINCH_WEBHOOK_PATH) private readonly webhookPath: string,
  ) {
    // `NestFactory.createApplicationContext` (no HTTP) leaves the adapter null.
    const adapter = adapterHost.httpAdapter as Partial<ParserRegistrar> | null | undefined;
    if (adapter === null) return;
    if (adapter !== undefined) this.observe(adapter);
    else this.observeWhenSet(adapterHost);
  }

  /** Throws when Nest's parsers were registered without a raw body: the app does not start. */
  onModuleInit(): void {
    if (this.rawBody === false) throw new Error(RAW_BODY_NOT_ENABLED_MESSAGE);
  }

  private observe(adapter: Partial<ParserRegistrar>): void {
    const register = adapter.registerParserMiddleware;
    if (typeof register !== 'function') return;
    adapter.registerParserMiddleware = (prefix?: string, rawBody?: boolean): unknown => {
      this.rawBody = rawBody === true;
      const registerParsers = (): unknown => register.call(adapter, prefix, rawBody);
      const path = prefixedPath(prefix, this.webhookPath);
      const platform = adapter.getType?.();
      if (platform === 'express' && typeof adapter.use === 'function') {
        return registerParsersAroundWebhook(adapter as ExpressMiddlewareHost, path, registerParsers);
      }
      const instance = platform === 'fastify' ? adapter.getInstance?.() : undefined;
      if (isFastifyHookHost(instance)) keepFastifyParsersOffWebhook(instance, path);
      return registerParsers();
    };
  }

  /** Waits for the adapter a testing module assigns later (one without HTTP never does). */
  private observeWhenSet(adapterHost: HttpAdapterHost): void {
    const accessor = Object.getOwnPropertyDescriptor(HttpAdapterHost.prototype, 'httpAdapter');
    const { get, set } = accessor ?? {};
    if (get === undefined || set === undefined) return;
    Object.defineProperty(adapterHost, 'httpAdapter', {
      configurable: true,
      get: () => get.call(adapterHost) as unknown,
      set: (adapter: Partial<ParserRegistrar> | null | undefined) => {
        // One assignment to see: then the host is Nest's own again.
        Reflect.deleteProperty(adapterHost, 'httpAdapter');
        set.call(adapterHost, adapter);
        if (adapter !== null && adapter !== undefined) this.observe(adapter);
      },
    });
  }
}

/** Whether Nest's adapter handed out a Fastify instance to add hooks to (anything else is left alone). */
function isFastifyHookHost(instance: unknown): instance is FastifyHookHost {
  return typeof instance === 'object' && instance !== null && typeof (instance as Partial<FastifyHookHost>).addHook === 'function';
}
