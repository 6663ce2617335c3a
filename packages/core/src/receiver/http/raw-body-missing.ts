/**
 * The messages given when a body parser consumed the request before the receiver could
 * read the bytes Sinch signed. Each names fixes, because re-serialising the parsed object
 * would change the bytes and break every signature — and the fix that works depends on
 * where the parser runs: `express.raw()` on the webhook's route cannot help once a
 * global `app.use(express.json())` has read the stream.
 */

/**
 * Where it is not known where the parser ran (a parsed object handed to `handle()`, a
 * framework other than Express): every fix, each with where it applies.
 */
export const RAW_BODY_MISSING_MESSAGE =
  'The request body was already consumed by a body parser and no raw body was kept, so the exact bytes ' +
  'Sinch signed are gone (re-serialising the parsed JSON would change them). Fix it in your app: ' +
  'NestJS: create the app with NestFactory.create(AppModule, { rawBody: true }) (Express or Fastify platform). ' +
  "Express: mount the Sinch webhook before express.json() (app.all('/sinch/callbacks', sinchWebhook(receiver)) above app.use(express.json())), " +
  'or keep the bytes with express.json({ verify: (req, _res, buf) => Object.assign(req, { rawBody: buf }) }); ' +
  "express.raw({ type: 'application/json' }) on the webhook's route helps only when no JSON parser ran before it. " +
  'Fastify: register @sinch-inbounds/fastify (it keeps every parser off its route), and do not read the body in a preParsing hook without keeping it as request.rawBody. ' +
  'Elsewhere: hand the receiver the body exactly as received, as bytes or text.';

/**
 * An Express app whose JSON parser runs before the webhook's route (`app.use(express.json())`
 * above it, or on a router it is mounted under). A parser on the route itself would find
 * the stream already read, so the fixes are to move the webhook or to keep the bytes
 * where the parser is.
 */
export const RAW_BODY_PARSED_BEFORE_ROUTE_MESSAGE =
  'The request body was already parsed by a body parser that runs before the Sinch webhook ' +
  '(such as app.use(express.json()) above its route), and no raw body was kept, so the exact bytes Sinch signed are gone ' +
  '(re-serialising the parsed JSON would change them, and express.raw() on the route comes too late). Fix it in your app, either way:\n' +
  '  // mount the webhook before the JSON parser\n' +
  "  app.all('/sinch/callbacks', sinchWebhook(receiver));\n" +
  '  app.use(express.json());\n' +
  '  // or keep the raw bytes where the parser is\n' +
  '  app.use(express.json({ verify: (req, _res, buf) => Object.assign(req, { rawBody: buf }) }));\n' +
  'NestJS: create the app with NestFactory.create(AppModule, { rawBody: true }).';

/** An Express app with `express.json()` on the webhook's own route, in front of the middleware. */
export const RAW_BODY_PARSED_ON_ROUTE_MESSAGE =
  "The request body was already parsed by express.json() on the Sinch webhook's own route, and no raw body was kept, " +
  'so the exact bytes Sinch signed are gone (re-serialising the parsed JSON would change them). Fix it in your app:\n' +
  '  // take the parser off the route: the webhook reads the body itself\n' +
  "  app.all('/sinch/callbacks', sinchWebhook(receiver));\n" +
  '  // or, if the route must have a parser, one that keeps the bytes\n' +
  "  app.all('/sinch/callbacks', express.raw({ type: 'application/json' }), sinchWebhook(receiver));";

/** The parts of an Express request that show where its body parser ran. */
interface ExpressRequestShape {
  /** The Express application; set on every request Express routes. */
  app?: unknown;
  /** The matched route; its `stack` holds the route's own handlers, each with its function's name. */
  route?: { stack?: readonly { name?: unknown }[] };
}

/**
 * The message for a Node request whose body a parser already consumed, chosen by where
 * the parser ran. Express tells: a route's handlers are in `req.route.stack`, named
 * after their functions, and body-parser's JSON parser is `jsonParser` (Express 4 and 5).
 * `receiver.node()` uses it; `handleNode()` (NestJS, Fastify) keeps the general message.
 */
export function rawBodyMissingMessage(req: object): string {
  const { app, route } = req as ExpressRequestShape;
  if (Array.isArray(route?.stack) && route.stack.some((layer) => layer?.name === 'jsonParser')) return RAW_BODY_PARSED_ON_ROUTE_MESSAGE;
  if (typeof app === 'function') return RAW_BODY_PARSED_BEFORE_ROUTE_MESSAGE;
  return RAW_BODY_MISSING_MESSAGE;
}
