import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express5 from 'express';
import express4 from 'express4';
import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';
import { silentLogger } from '../src/index.js';

/** Both Express majors the package supports, tested alike. */
export const EXPRESSES = [
  ['express 5', express5],
  ['express 4', express4],
] as const;

export type ExpressFactory = typeof express5;

export const SECRET = 'KayakingTheSwell';

/** Starts an app on 127.0.0.1:0; `close()` ends it and every keep-alive connection. */
export async function serve(app: http.RequestListener): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const server: Server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let counter = 0;

/** A valid mo_text wire payload (SPEC §5) with a unique id unless one is given. */
export function moText(id = `01TEST${String(counter++).padStart(20, '0')}`, body = fixtures.moTextWebhook.body): string {
  return JSON.stringify({ ...fixtures.moTextWebhook, id, body });
}

/** Headers of a JSON POST signed now with `secret`. */
export function signedHeaders(body: string | Uint8Array, options: { secret?: string; timestamp?: number; nonce?: string } = {}): Record<string, string> {
  return signedCallbackHeaders(body, { ...options, secret: options.secret ?? SECRET });
}

/** POSTs (or sends `method`) with fetch and returns status, body and headers. */
export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array },
): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url, { method: init.method ?? 'POST', headers: init.headers ?? {}, body: (init.body ?? null) as BodyInit | null });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

export { createRecordingLogger as recordingLogger } from '@sinch-inbounds/testing';
export { silentLogger };
