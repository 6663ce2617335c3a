import type { IncomingMessage, ServerResponse } from 'node:http';
import { isApiError, type ApiError } from './api-error.js';
import { answerDeliveryReport, answerSendBatch, MAX_BATCH_BYTES, type BatchDesk } from './batch-routes.js';
import type { FaultDecision, FaultInjector } from './faults.js';
import type { InboundStore } from './inbound-store.js';
import { parseListQuery } from './list-query.js';
import { answerTokenRequest, type AccessKey, type OAuthTokens } from './oauth-tokens.js';
import { readText } from './request-body.js';
import type { RequestRecord, SimulatorRoute } from './types.js';

/** What the REST side needs from the simulator. */
export interface RestContext {
  servicePlanId: string;
  apiToken: string;
  projectId: string;
  accessKey: AccessKey;
  store: InboundStore;
  tokens: OAuthTokens;
  faults: FaultInjector;
  /** The Batches endpoint: what the app sends. */
  batches: BatchDesk;
  now: () => number;
  /** Where each handled request is recorded. */
  record(entry: RequestRecord): void;
}

/** An answer before faults are applied to it. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const MAX_FORM_BYTES = 64 * 1024;
// A 1×1 JPEG-ish payload for generated MMS attachment links; only its presence matters.
const MEDIA_BYTES = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==', 'base64');

/**
 * The simulator's HTTP surface: the inbounds REST API under `/xms/v1/{account}` (SPEC §2),
 * the OAuth2 token endpoint, and links for generated MMS attachments. Faults are applied
 * to the answer a route computed, so a dropped answer is the real one cut short.
 */
export class RestHandler {
  readonly #ctx: RestContext;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #stalled = new Set<ServerResponse>();
  #closed = false;

  constructor(ctx: RestContext) {
    this.#ctx = ctx;
  }

  /** Node `request` listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    void this.#handle(req, res);
  };

  /** Cancels latency timers and ends stalled answers. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const res of this.#stalled) res.destroy();
    this.#stalled.clear();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const params = new URLSearchParams(rawQuery);
    const method = req.method ?? 'GET';
    const segments = path.split('/');
    const route = routeOf(segments);
    const record: RequestRecord = {
      method,
      path,
      query: Object.fromEntries(params),
      rawQuery,
      headers: flattenHeaders(req.headers),
      route,
      status: 0,
      at: Date.now(),
    };
    this.#ctx.record(record);
    res.on('close', () => {
      record.status = res.headersSent ? res.statusCode : 0;
      this.#stalled.delete(res);
    });

    const decision: FaultDecision = route === 'other' ? { latencyMs: 0 } : this.#ctx.faults.decide(route === 'delivery_report' ? 'batches' : route);
    // An injected error or rate limit refuses a send: no batch is created behind it.
    const refused = route === 'batches' && (decision.fault?.kind === 'error' || decision.fault?.kind === 'rate_limit');
    let answer: Answer;
    try {
      answer = refused ? (req.resume(), json(503, {})) : await this.#answer(route, method, segments, params, req);
    } catch {
      answer = json(500, { code: 'internal_error', text: 'The simulator failed to answer this request' });
    }
    if (decision.latencyMs > 0) await this.#sleep(decision.latencyMs);
    if (this.#closed || res.destroyed) return;

    const fault = decision.fault;
    if (fault !== undefined) record.fault = fault.kind;
    switch (fault?.kind) {
      case 'stall':
        // Never answer; the client's timeout (or close()) ends it.
        this.#stalled.add(res);
        req.resume();
        return;
      case 'error':
        answer = json(fault.status, errorBodyFor(fault.status));
        break;
      case 'rate_limit':
        answer = json(429, { code: 'too_many_requests', text: 'Too many requests, slow down' });
        answer.headers['retry-after'] = String(fault.retryAfterSeconds);
        break;
      case 'drop': {
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
        if (fault.at === 'body') res.write(answer.body.slice(0, Math.max(1, Math.floor(answer.body.length / 2))));
        else res.flushHeaders();
        setImmediate(() => res.destroy());
        return;
      }
      case undefined:
        break;
    }
    if (answer.headers['content-type'] === 'image/jpeg') {
      res.writeHead(answer.status, answer.headers).end(MEDIA_BYTES);
      return;
    }
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
    res.end(answer.body);
  }

  async #answer(
    route: SimulatorRoute,
    method: string,
    segments: string[],
    params: URLSearchParams,
    req: IncomingMessage,
  ): Promise<Answer> {
    if (route === 'token') {
      if (method !== 'POST') return methodNotAllowed('POST');
      const form = await readForm(req);
      if (form === undefined) return json(413, { error: 'invalid_request', error_description: 'Request body too large' });
      const result = answerTokenRequest(req.headers.authorization, form, this.#ctx.accessKey, this.#ctx.tokens);
      const answer = json(result.status, result.body);
      Object.assign(answer.headers, result.headers, { 'cache-control': 'no-store' });
      return answer;
    }
    // A batch's body is read first, so that any answer leaves the connection usable.
    const batchBody = route === 'batches' && method === 'POST' ? await readText(req, MAX_BATCH_BYTES) : undefined;
    req.resume();
    if (route === 'other') {
      if (segments[1] === 'media' && method === 'GET') return { status: 200, headers: { 'content-type': 'image/jpeg' }, body: '' };
      return apiErrorAnswer({ status: 404, code: 'not_found', text: `No such resource: ${segments.join('/')}` });
    }
    const allowed = route === 'batches' ? 'POST' : 'GET';
    if (method !== allowed) return methodNotAllowed(allowed);
    const account = decodeSegment(segments[3]!);
    if (account === undefined) return apiErrorAnswer({ status: 400, code: 'syntax_invalid_parameter_format', text: 'Malformed percent-encoding in the path' });
    const denied = this.#authorize(account, req.headers.authorization);
    if (denied !== undefined) return denied;

    if (route === 'batches') return answerSendBatch(batchBody, this.#ctx.batches);
    if (route === 'delivery_report') return answerDeliveryReport(decodeSegment(segments[5]!), params, this.#ctx.batches);
    if (route === 'list') {
      const query = parseListQuery(params, this.#ctx.now());
      if (isApiError(query)) return apiErrorAnswer(query);
      const page = this.#ctx.store.list(query);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: page.json };
    }
    const id = decodeSegment(segments[5]!);
    if (id === undefined) {
      return apiErrorAnswer({ status: 400, code: 'syntax_invalid_parameter_format', text: 'Malformed percent-encoding in inbound_id' });
    }
    const found = this.#ctx.store.getJson(id);
    if (found === undefined) return apiErrorAnswer({ status: 404, code: 'not_found', text: `Inbound ${JSON.stringify(id)} not found` });
    return { status: 200, headers: { 'content-type': 'application/json' }, body: found };
  }

  /** `undefined` when the request may proceed, else the 401 to send. */
  #authorize(account: string, authorization: string | undefined): Answer | undefined {
    const token = /^bearer /i.test(authorization ?? '') ? authorization!.slice(7).trim() : undefined;
    if (token === undefined || token.length === 0) {
      return unauthorized('Missing bearer token (Authorization: Bearer …)', 'Bearer realm="sinch"');
    }
    if (account === this.#ctx.servicePlanId) {
      if (token === this.#ctx.apiToken) return undefined;
      return unauthorized('Invalid API token for this service plan', 'Bearer realm="sinch", error="invalid_token"');
    }
    if (account === this.#ctx.projectId) {
      const status = this.#ctx.tokens.check(token);
      if (status === 'valid') return undefined;
      if (status === 'expired') {
        return unauthorized(
          'The access token has expired; fetch a new one from /oauth2/token',
          'Bearer error="invalid_token", error_description="token expired"',
        );
      }
      return unauthorized('Unknown access token', 'Bearer error="invalid_token", error_description="unknown token"');
    }
    return unauthorized(`Unknown service plan or project ${JSON.stringify(account)}`, 'Bearer realm="sinch"');
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }
}

function routeOf(segments: readonly string[]): SimulatorRoute {
  // ['', 'oauth2', 'token'] / ['', 'xms', 'v1', account, 'inbounds', id?]
  if (segments.length === 3 && segments[1] === 'oauth2' && segments[2] === 'token') return 'token';
  if (segments[1] === 'xms' && segments[2] === 'v1' && segments[4] === 'batches' && segments[3] !== '') {
    if (segments.length === 5) return 'batches';
    if (segments.length === 7 && segments[5] !== '' && segments[6] === 'delivery_report') return 'delivery_report';
  }
  if (segments[1] === 'xms' && segments[2] === 'v1' && segments[4] === 'inbounds' && segments[3] !== '') {
    if (segments.length === 5) return 'list';
    if (segments.length === 6 && segments[5] !== '') return 'get';
  }
  return 'other';
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function json(status: number, body: unknown): Answer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function apiErrorAnswer(error: ApiError): Answer {
  return json(error.status, { code: error.code, text: error.text });
}

function unauthorized(text: string, challenge: string): Answer {
  const answer = json(401, { code: 'unauthorized', text });
  answer.headers['www-authenticate'] = challenge;
  return answer;
}

function methodNotAllowed(allow: string): Answer {
  const answer = json(405, { code: 'method_not_allowed', text: `Only ${allow} is allowed here` });
  answer.headers.allow = allow;
  return answer;
}

function errorBodyFor(status: number): { code: string; text: string } {
  if (status === 503) return { code: 'service_unavailable', text: 'Service temporarily unavailable' };
  if (status >= 500) return { code: 'internal_error', text: 'Internal server error' };
  return { code: 'injected_error', text: `Injected error ${status}` };
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const text = await readText(req, MAX_FORM_BYTES);
  return text === undefined ? undefined : new URLSearchParams(text);
}
