import type { IncomingMessage } from 'node:http';

/** A Connect-style middleware, as Nest's Express adapter registers its body parsers. */
type Middleware = (req: IncomingMessage, res: unknown, next: (error?: unknown) => void) => unknown;

/** The part of Nest's `ExpressAdapter` (Nest 10, 11 and 12) the bypass uses. */
export interface ExpressMiddlewareHost {
  getType?(): string;
  use(...args: unknown[]): unknown;
}

/**
 * Runs `register` — Nest's `registerParserMiddleware` on the Express platform — so that
 * the body parsers it adds pass over the webhook route, and core's receiver reads the
 * body itself: its own 400/401, 415 and 413 at `maxBodyBytes` (answered before the body
 * is read), not body-parser's. The app's other routes keep Nest's parsers as they were.
 *
 * Parsers run before routing, so the route is recognised by path: a marker mounted at
 * `path` (Express's own matching, so case and trailing slash follow the app's settings)
 * ahead of the parsers, and each parser wrapped to step aside for a marked request.
 * body-parser 1.x skips a request with `req._body` set, but 2.x (Express 5) does not,
 * and core reads that flag as "already consumed" — hence the wrappers. A route Nest maps
 * elsewhere (versioning, a prefix exclusion) is not marked and is parsed as before,
 * which `rawBody: true` still serves.
 */
export function registerParsersAroundWebhook(adapter: ExpressMiddlewareHost, path: string, register: () => unknown): unknown {
  const webhookRequests = new WeakSet<IncomingMessage>();
  adapter.use(path, (req: IncomingMessage, _res: unknown, next: () => void): void => {
    // Mounted middleware sees the rest of the URL: only the route itself, not what lies under it.
    const rest = req.url ?? '/';
    if (rest === '/' || rest.startsWith('/?')) webhookRequests.add(req);
    next();
  });
  const own = Object.getOwnPropertyDescriptor(adapter, 'use');
  const use = adapter.use;
  // Nest adds the parsers with `this.use(parser)` inside `register`; only those are wrapped.
  adapter.use = (...args: unknown[]): unknown =>
    use.apply(
      adapter,
      args.map((arg) => (typeof arg === 'function' ? passingOver(arg as Middleware, webhookRequests) : arg)),
    );
  try {
    return register();
  } finally {
    if (own === undefined) Reflect.deleteProperty(adapter, 'use');
    else Object.defineProperty(adapter, 'use', own);
  }
}

function passingOver(parser: Middleware, skipped: WeakSet<IncomingMessage>): Middleware {
  const wrapped: Middleware = (req, res, next) => (skipped.has(req) ? next() : parser(req, res, next));
  // Nest finds a parser already applied by its name (`isMiddlewareApplied('jsonParser')`).
  Object.defineProperty(wrapped, 'name', { value: parser.name });
  return wrapped;
}
