import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  sinchWebhook,
  type WebhookReceiver,
  type WebhookReceiverError,
} from '../src/index.js';
import { EXPRESSES, moText, send, serve, SECRET, signedHeaders, silentLogger } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe.each(EXPRESSES)('%s: where the raw body comes from', (_name, express) => {
  function receiver() {
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    const bodies: string[] = [];
    const errors: WebhookReceiverError[] = [];
    r.on('mo_text', (m) => void bodies.push(m.body));
    r.on('error', (e) => void errors.push(e));
    return { r, bodies, errors };
  }

  async function start(app: ReturnType<typeof express>): Promise<string> {
    const s = await serve(app);
    closers.push(s.close);
    return s.url;
  }

  it('uses req.rawBody kept by express.json({ verify })', async () => {
    const { r, bodies } = receiver();
    const app = express();
    app.use(
      express.json({
        verify: (req, _res, buf) => {
          (req as typeof req & { rawBody?: Buffer }).rawBody = buf;
        },
      }),
    );
    app.post('/sinch', sinchWebhook(r));
    const url = await start(app);
    const body = moText(undefined, 'spaced   JSON 👋');
    const res = await send(`${url}/sinch`, { headers: signedHeaders(body), body });
    expect(res.status).toBe(200);
    expect(bodies).toEqual(['spaced   JSON 👋']);
  });

  it("uses the Buffer from express.raw({ type: 'application/json' }) and the string from express.text()", async () => {
    const { r, bodies } = receiver();
    const app = express();
    app.post('/raw', express.raw({ type: 'application/json' }), sinchWebhook(r));
    app.post('/text', express.text({ type: 'application/json' }), sinchWebhook(r));
    const url = await start(app);
    const a = moText(undefined, 'via raw');
    const b = moText(undefined, 'via text ✓');
    expect((await send(`${url}/raw`, { headers: signedHeaders(a), body: a })).status).toBe(200);
    expect((await send(`${url}/text`, { headers: signedHeaders(b), body: b })).status).toBe(200);
    expect(bodies).toEqual(['via raw', 'via text ✓']);
  });

  it('a body parser for other types leaves the stream to the middleware', async () => {
    const { r, bodies } = receiver();
    const app = express();
    app.use(express.raw()); // application/octet-stream only
    app.use(express.urlencoded({ extended: false }));
    app.post('/sinch', sinchWebhook(r));
    const url = await start(app);
    const body = moText(undefined, 'streamed');
    expect((await send(`${url}/sinch`, { headers: signedHeaders(body), body })).status).toBe(200);
    expect(bodies).toEqual(['streamed']);
  });

  it('works mounted on a Router, and exposes its receiver when built from options', async () => {
    const mw = sinchWebhook({ secret: SECRET, logger: silentLogger });
    const bodies: string[] = [];
    mw.receiver.on('inbound', (m) => void bodies.push(m.id));
    const router = express.Router();
    router.post('/inbound', mw);
    const app = express();
    app.use('/hooks/sinch', router);
    const url = await start(app);
    const body = moText('01ROUTER');
    expect((await send(`${url}/hooks/sinch/inbound`, { headers: signedHeaders(body), body })).status).toBe(200);
    expect(bodies).toEqual(['01ROUTER']);
  });

  it('a client that disconnects mid-body: handlers never run, the request settles, the server keeps serving', async () => {
    const { r, bodies } = receiver();
    let settled!: () => void;
    const nodeSettled = new Promise<void>((resolve) => (settled = resolve));
    let started!: () => void;
    const nodeStarted = new Promise<void>((resolve) => (started = resolve));
    // Wraps the receiver to observe that its node() promise settles (no hang).
    const observed: WebhookReceiver = {
      ...r,
      node: async (req, res) => {
        const running = r.node(req, res);
        started();
        await running;
        settled();
      },
    };
    const app = express();
    app.post('/sinch', sinchWebhook(observed));
    const s = await serve(app);
    closers.push(s.close);
    const body = moText();
    const headers = signedHeaders(body);
    const socket = net.connect(s.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = Object.entries({ ...headers, host: '127.0.0.1', 'content-length': String(Buffer.byteLength(body)) })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    socket.write(`POST /sinch HTTP/1.1\r\n${head}\r\n\r\n${body.slice(0, 20)}`);
    // Disconnect only once the middleware is reading the body.
    await nodeStarted;
    socket.destroy();
    await nodeSettled;
    expect(bodies).toHaveLength(0);
    // The same message, sent whole afterwards, is handled: nothing was claimed by the broken one.
    const res = await send(`${s.url}/sinch`, { headers: signedHeaders(body), body });
    expect(res.status).toBe(200);
    expect(bodies).toHaveLength(1);
  });

  it('duplicates sent concurrently run the handler once and all get 200', async () => {
    const r = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    let calls = 0;
    let running = 0;
    let maxRunning = 0;
    r.on('mo_text', async () => {
      calls++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 50));
      running--;
    });
    const app = express();
    app.post('/sinch', sinchWebhook(r));
    const url = await start(app);
    const body = moText();
    // Each copy signed afresh (own nonce), as Sinch does for a redelivery.
    const results = await Promise.all(Array.from({ length: 8 }, () => send(`${url}/sinch`, { headers: signedHeaders(body), body })));
    expect(results.map((x) => x.status)).toEqual(Array(8).fill(200));
    expect(results.filter((x) => x.body === '{"status":"accepted"}')).toHaveLength(1);
    expect(calls).toBe(1);
    expect(maxRunning).toBe(1);
  });
});
