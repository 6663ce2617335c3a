import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The part of a Fastify request the bypass touches (Fastify 4 and 5). */
interface FastifyRequestLike {
  raw: IncomingMessage;
}

type PreParsingHook = (request: FastifyRequestLike, reply: unknown, payload: unknown, done: (error: null, payload: unknown) => void) => void;
type PreValidationHook = (request: FastifyRequestLike, reply: unknown, done: () => void) => void;

/** The route options Fastify hands its `onRoute` hooks, which may still add route-level hooks. */
interface FastifyRouteOptionsLike {
  url?: string;
  preParsing?: unknown;
  preValidation?: unknown;
}

/** The part of the Fastify instance behind Nest's `FastifyAdapter` the bypass uses. */
export interface FastifyHookHost {
  addHook(name: 'onRoute', hook: (route: FastifyRouteOptionsLike) => void): unknown;
}

/** What Fastify reads to decide whether a request has a body to parse, and with which parser. */
const BODY_HEADERS = ['content-type', 'content-length', 'transfer-encoding'] as const;
type BodyHeaders = Pick<IncomingHttpHeaders, (typeof BODY_HEADERS)[number]>;

/**
 * Keeps Fastify's content-type parsing off the webhook route, so that core's receiver
 * reads the body itself and answers by its contract: 401 before anything is parsed, its
 * own 400 and 415, and 413 at `maxBodyBytes` (at once for a declared length) rather than
 * Fastify's at its `bodyLimit`. The app's other routes keep Fastify's parsers, limits
 * and errors, and whatever parsers the app added (a `'*'` one included) are never asked.
 *
 * Fastify picks a parser (or answers 415) from the route's encapsulation context, and
 * Nest puts every route in the root one, so no parser can be ours alone. What Fastify
 * (4 and 5 alike) does skip is a request with no `content-type`, `content-length` or
 * `transfer-encoding`: it has "no body" and goes straight to the handler, stream unread.
 * So, on the webhook route only (added through `onRoute`, which must run before Nest
 * maps its routes), a `preParsing` hook — the last step before parsing — sets those
 * headers aside, and a `preValidation` hook — the first step after — puts them back
 * before the controller runs. Global `preValidation` hooks of the app run before that
 * one and see the webhook's requests without them.
 *
 * The route is recognised by its URL, as Nest registers it: a route Nest maps elsewhere
 * (versioning, a prefix exclusion) is parsed by Fastify as before.
 */
export function keepFastifyParsersOffWebhook(instance: FastifyHookHost, path: string): void {
  const setAside = new WeakMap<IncomingMessage, BodyHeaders>();
  const hide: PreParsingHook = (request, _reply, payload, done) => {
    // Fastify 5 answers a QUERY without a content type with its own 400 (RFC 10008); one
    // with its headers is parsed as before, then refused with the receiver's 405.
    if (request.raw.method === 'QUERY') {
      done(null, payload);
      return;
    }
    const headers = request.raw.headers;
    const saved: BodyHeaders = {};
    for (const name of BODY_HEADERS) {
      if (headers[name] === undefined) continue;
      saved[name] = headers[name];
      Reflect.deleteProperty(headers, name);
    }
    setAside.set(request.raw, saved);
    done(null, payload);
  };
  const restore: PreValidationHook = (request, _reply, done) => {
    const saved = setAside.get(request.raw);
    if (saved !== undefined) {
      setAside.delete(request.raw);
      Object.assign(request.raw.headers, saved);
    }
    done();
  };
  instance.addHook('onRoute', (route) => {
    if (route.url !== path) return;
    route.preParsing = [...hooksOf(route.preParsing), hide];
    route.preValidation = [restore, ...hooksOf(route.preValidation)];
  });
}

/** A route option that takes one hook or a list of them, as a list. */
function hooksOf(option: unknown): unknown[] {
  if (option === undefined) return [];
  return Array.isArray(option) ? option : [option];
}
