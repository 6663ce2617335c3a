// The kit must be able to fail: each deliberately broken adapter below breaks one row of
// the contract, and exactly the cases about that row must reject.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeHandler, type WebhookReceiver } from '@sinch-inbounds/core';
import { describe, expect, it } from 'vitest';
import { adapterConformance, serveNode, type AdapterConformanceOptions } from '../src/index.js';

/** Names of the cases that reject against `options`. */
async function failing(options: AdapterConformanceOptions): Promise<string[]> {
  const failed: string[] = [];
  for (const c of adapterConformance(options)) {
    await c.run().catch(() => failed.push(c.name));
  }
  return failed;
}

/** Reads the whole body whatever its size, then hands it to the receiver: no early 413. */
function buffering(receiver: WebhookReceiver) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      void receiver.handle({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(parts) }).then((r) => {
        res.writeHead(r.status, r.headers).end(r.body);
      });
    });
  };
}

describe('adapterConformance', () => {
  it('passes a correct adapter (core node handler) on every case', async () => {
    const cases = adapterConformance({ start: (receiver) => serveNode(createNodeHandler(receiver)) });
    expect(cases.length).toBeGreaterThanOrEqual(18);
    expect(await failing({ start: (receiver) => serveNode(createNodeHandler(receiver)) })).toEqual([]);
  });

  it('fails an adapter that buffers the whole body: the 413 cases hang and time out', async () => {
    const failed = await failing({ start: (receiver) => serveNode(buffering(receiver)), timeoutMs: 1500 });
    expect(failed.filter((n) => n.startsWith('413'))).toHaveLength(2);
  });

  it('fails an adapter that routes POST only (GET is a 404, not a 405)', async () => {
    const failed = await failing({
      start: (receiver) =>
        serveNode((req, res) => {
          if (req.method !== 'POST') res.writeHead(404).end();
          else void receiver.node(req, res);
        }),
    });
    expect(failed).toEqual([expect.stringMatching(/^405/)]);
  });

  it('fails an adapter that re-serialises the body', async () => {
    const failed = await failing({
      start: (receiver) =>
        serveNode((req, res) => {
          const parts: Buffer[] = [];
          req.on('data', (p: Buffer) => parts.push(p));
          req.on('end', () => {
            let body = Buffer.concat(parts).toString('utf8');
            try {
              body = JSON.stringify(JSON.parse(body));
            } catch {
              // not JSON: passed on as is
            }
            void receiver.handle({ method: req.method ?? '', headers: req.headers, body }).then((r) => res.writeHead(r.status, r.headers).end(r.body));
          });
        }),
      streamsBody: false,
    });
    expect(failed.filter((n) => n.startsWith('raw bytes'))).toHaveLength(2);
  });

  it('fails an adapter that takes what arrived before a disconnect for the whole body', async () => {
    const failed = await failing({
      start: (receiver) =>
        serveNode((req, res) => {
          const parts: Buffer[] = [];
          req.on('data', (p: Buffer) => parts.push(p));
          req.on('close', () => {
            void receiver.handle({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(parts) }).then((r) => {
              if (!res.destroyed) res.writeHead(r.status, r.headers).end(r.body);
            });
          });
        }),
      streamsBody: false,
    });
    expect(failed).toContain('a client that goes away mid-body: the handlers do not run and the server stays healthy');
  });

  it('fails an adapter that answers 200 without waiting for the handlers', async () => {
    const failed = await failing({
      start: (receiver) =>
        serveNode((req, res) => {
          void receiver.handleNode(req);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
        }),
      timeoutMs: 2000,
    });
    expect(failed).toContain('500 with a generic body when a handler throws, and 200 once it no longer does');
  });
});
