import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  RAW_BODY_PARSED_BEFORE_ROUTE_MESSAGE,
  RAW_BODY_PARSED_ON_ROUTE_MESSAGE,
  sinchWebhook,
  type WebhookReceiverError,
} from '../src/index.js';
import { EXPRESSES, moText, send, serve, signedHeaders, SECRET, silentLogger } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

// Each placement of a body parser an Express app may have, over real HTTP: where the
// receiver cannot get the signed bytes, the 500 names the fix that works there.
describe.each(EXPRESSES)('%s: where the JSON parser is', (_name, express) => {
  type App = ReturnType<typeof express>;

  async function deliver(build: (app: App, webhook: ReturnType<typeof sinchWebhook>) => void) {
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    const handled: string[] = [];
    const errors: WebhookReceiverError[] = [];
    receiver.on('mo_text', (sms) => void handled.push(sms.body));
    receiver.on('error', (e) => void errors.push(e));
    const app = express();
    build(app, sinchWebhook(receiver));
    const server = await serve(app);
    closers.push(server.close);
    const body = moText(undefined, 'spaced   JSON 👋');
    const res = await send(`${server.url}/sinch/callbacks`, { headers: signedHeaders(body), body });
    return { status: res.status, message: res.status === 500 ? (JSON.parse(res.body) as { message?: string }).message : undefined, handled, errors, url: server.url };
  }

  it('global express.json() before the route: 500 naming "mount the webhook first" or express.json({ verify }), never express.raw on the route', async () => {
    const got = await deliver((app, webhook) => {
      app.use(express.json());
      app.all('/sinch/callbacks', webhook);
    });
    expect(got.status).toBe(500);
    expect(got.message).toBe(RAW_BODY_PARSED_BEFORE_ROUTE_MESSAGE);
    expect(got.message).toContain("app.all('/sinch/callbacks', sinchWebhook(receiver));\n  app.use(express.json());");
    expect(got.message).toContain('express.json({ verify: (req, _res, buf) => Object.assign(req, { rawBody: buf }) })');
    expect(got.message).not.toContain('express.raw({');
    expect(got.handled).toEqual([]);
    expect(got.errors.map((e) => [e.kind, e.message])).toEqual([['configuration', RAW_BODY_PARSED_BEFORE_ROUTE_MESSAGE]]);
  });

  it('global express.json() before, express.raw() on the route: still 500, with the same message (raw comes too late)', async () => {
    const got = await deliver((app, webhook) => {
      app.use(express.json());
      app.post('/sinch/callbacks', express.raw({ type: 'application/json' }), webhook);
    });
    expect(got.status).toBe(500);
    expect(got.message).toBe(RAW_BODY_PARSED_BEFORE_ROUTE_MESSAGE);
  });

  it('global express.json() before, webhook mounted with app.use: the same message', async () => {
    const got = await deliver((app, webhook) => {
      app.use(express.json());
      app.use('/sinch/callbacks', webhook);
    });
    expect(got.status).toBe(500);
    expect(got.message).toBe(RAW_BODY_PARSED_BEFORE_ROUTE_MESSAGE);
  });

  it('express.json() on the route: 500 naming "take it off the route" or express.raw on the route', async () => {
    const got = await deliver((app, webhook) => {
      app.post('/sinch/callbacks', express.json(), webhook);
    });
    expect(got.status).toBe(500);
    expect(got.message).toBe(RAW_BODY_PARSED_ON_ROUTE_MESSAGE);
    expect(got.message).toContain("app.all('/sinch/callbacks', express.raw({ type: 'application/json' }), sinchWebhook(receiver));");
    expect(got.errors.map((e) => e.kind)).toEqual(['configuration']);
  });

  it('express.raw() on the route (no parser before it): 200', async () => {
    const got = await deliver((app, webhook) => {
      app.post('/sinch/callbacks', express.raw({ type: 'application/json' }), webhook);
    });
    expect(got.status).toBe(200);
    expect(got.handled).toEqual(['spaced   JSON 👋']);
  });

  it('global express.json({ verify }) keeping rawBody, as the message shows it: 200', async () => {
    const got = await deliver((app, webhook) => {
      app.use(express.json({ verify: (req, _res, buf) => Object.assign(req, { rawBody: buf }) }));
      app.all('/sinch/callbacks', webhook);
    });
    expect(got.status).toBe(200);
    expect(got.handled).toEqual(['spaced   JSON 👋']);
  });

  it('webhook mounted before the global express.json(): 200, and the routes after it still get parsed JSON', async () => {
    const got = await deliver((app, webhook) => {
      app.all('/sinch/callbacks', webhook);
      app.use(express.json());
      app.post('/echo', (req, res) => void res.json({ parsed: (req as { body?: unknown }).body }));
    });
    expect(got.status).toBe(200);
    expect(got.handled).toEqual(['spaced   JSON 👋']);
    const echo = await send(`${got.url}/echo`, { headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(JSON.parse(echo.body)).toEqual({ parsed: { a: 1 } });
  });
});
