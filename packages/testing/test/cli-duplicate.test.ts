import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createNodeHandler, createWebhookReceiver, silentLogger, type MoText } from '@sinch-inbounds/core';
import { runCli } from '@sinch-inbounds/testing';

// The CLI's duplicate against a real receiver over HTTP: the same message id twice, the
// second answered as a duplicate and not handled again.

const secret = 's3cret';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function startApp() {
  const handled: MoText[] = [];
  const answers: string[] = [];
  const receiver = createWebhookReceiver({ secret, logger: silentLogger });
  receiver.on('mo_text', (sms) => void handled.push(sms));
  const handler = createNodeHandler(receiver);
  const server = http.createServer((req, res) => {
    // Records what the receiver answered, to tell "accepted" from "duplicate".
    const end = res.end.bind(res);
    res.end = ((chunk: unknown, ...rest: never[]) => {
      answers.push(String(chunk));
      return end(chunk as never, ...rest);
    }) as typeof res.end;
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sinch/callbacks`, handled, answers };
}

function io() {
  let out = '';
  let err = '';
  const controller = new AbortController();
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: new PassThrough(),
    signal: controller.signal,
    out: () => out,
    err: () => err,
    stop: () => controller.abort(),
  };
}

test('--send --duplicate delivers the same SMS twice; the app handles it once and answers the second as a duplicate', async () => {
  const app = await startApp();
  const cli = io();
  expect(await runCli(['--send', 'Hello twice', '--duplicate', '--webhook', app.url, '--secret', secret], cli)).toBe(0);
  expect(app.answers).toEqual(['{"status":"accepted"}', '{"status":"duplicate"}']);
  expect(app.handled.map((sms) => sms.body)).toEqual(['Hello twice']);
  expect(cli.out()).toContain(`again: a duplicate of ${app.handled[0]!.id}`);
  expect(cli.out().match(/delivered .* HTTP 200/g)).toHaveLength(2);
});

test('/again while it runs sends the last SMS again as a duplicate', async () => {
  const app = await startApp();
  const cli = io();
  const running = runCli(['--port', '0', '--webhook', app.url, '--secret', secret], cli);
  const delivered = async (n: number) => {
    while ((cli.out().match(/delivered /g) ?? []).length < n) await new Promise((r) => setTimeout(r, 5));
  };
  cli.stdin.write('/again\n');
  cli.stdin.write('first\n');
  await delivered(1);
  cli.stdin.write('/again\n');
  await delivered(2);
  cli.stop();
  expect(await running).toBe(0);
  expect(cli.err()).toContain('/again: nothing sent yet');
  expect(app.answers).toEqual(['{"status":"accepted"}', '{"status":"duplicate"}']);
  expect(app.handled.map((sms) => sms.body)).toEqual(['first']);
});
