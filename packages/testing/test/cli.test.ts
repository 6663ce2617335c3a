import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { verifyWebhook } from '@sinch-inbounds/core';
import { runCli, startSinchSimulator, type CliIo, type SinchSimulator } from '@sinch-inbounds/testing';
import { startReceiver, type TestReceiver } from './support/webhook-receiver.js';

interface FakeIo extends CliIo {
  out: () => string;
  err: () => string;
  stdin: PassThrough;
  stop: () => void;
}

function fakeIo(): FakeIo {
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

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

let receiver: TestReceiver | undefined;
let sim: SinchSimulator | undefined;
afterEach(async () => {
  await receiver?.close();
  await sim?.close();
  receiver = undefined;
  sim = undefined;
});

describe('sinch-simulator CLI', () => {
  test('--help documents every flag', async () => {
    const io = fakeIo();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const flag of ['--port', '--host', '--service-plan-id', '--api-token', '--project-id', '--key-id', '--key-secret', '--token-lifetime', '--webhook', '--secret', '--unsigned', '--seed-count', '--seed', '--send', '--duplicate', '--from', '--to', '--max-attempts', '--time-scale']) {
      expect(io.out()).toContain(flag);
    }
  });

  test.each([
    [['--webhook', 'http://127.0.0.1:1/sinch'], /--secret/],
    [['--webhook', 'not a url', '--secret', 's'], /not a valid absolute URL/],
    [['--webhook', 'ftp://x', '--secret', 's'], /http/],
    [['--send', 'hi'], /--send needs --webhook/],
    [['--secret', 's'], /only makes sense with --webhook/],
    [['--duplicate'], /--duplicate needs --send/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--bogus'], /bogus/],
  ])('%j is a usage error with exit code 2', async (argv, message) => {
    const io = fakeIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).toContain('--help');
  });

  test('a busy port is a clear error with exit code 1', async () => {
    sim = await startSinchSimulator();
    const io = fakeIo();
    expect(await runCli(['--port', new URL(sim.url).port], io)).toBe(1);
    expect(io.err()).toMatch(/already in use/);
  });

  test('--send delivers one signed SMS without a server and exits 0', async () => {
    receiver = await startReceiver();
    const io = fakeIo();
    const code = await runCli(['--send', 'Hello from the CLI', '--webhook', receiver.url, '--secret', 's3cret', '--from', '+15550001111'], io);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/delivered .* HTTP 200/);
    const [req] = receiver.received;
    expect(verifyWebhook({ secret: 's3cret', headers: req!.headers, body: req!.body }).ok).toBe(true);
    expect(JSON.parse(req!.body.toString())).toMatchObject({ type: 'mo_text', body: 'Hello from the CLI', from: '+15550001111', to: '12017777777' });
  });

  test('--send with --max-attempts reports each retry as it happens', async () => {
    receiver = await startReceiver((n) => (n < 2 ? 503 : 200));
    const io = fakeIo();
    const code = await runCli(['--send', 'x', '--webhook', receiver.url, '--unsigned', '--max-attempts', '3', '--time-scale', '0.001'], io);
    expect(code).toBe(0);
    expect(io.err()).toContain('attempt 1 for');
    expect(io.err()).toMatch(/attempt 1 .*HTTP 503; retrying in 5 ms/);
    expect(io.err()).toMatch(/attempt 2 .*HTTP 503; retrying in 10 ms/);
    expect(io.out()).toMatch(/delivered .*HTTP 200 \(3 attempts\)/);
  });

  test('--send exits 1 and explains when the app refuses or is not there', async () => {
    receiver = await startReceiver(() => 401);
    const refused = fakeIo();
    expect(await runCli(['--send', 'x', '--webhook', receiver.url, '--secret', 'wrong'], refused)).toBe(1);
    expect(refused.err()).toMatch(/dropped .*401.*same secret/);
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;
    const gone = fakeIo();
    expect(await runCli(['--send', 'x', '--webhook', url, '--unsigned'], gone)).toBe(1);
    expect(gone.err()).toMatch(/ECONNREFUSED.*listening/);
  });

  test('serves the REST API with the given credentials, sends typed lines, stops on abort', async () => {
    receiver = await startReceiver();
    const io = fakeIo();
    const running = runCli(
      ['--port', '0', '--service-plan-id', 'plan', '--api-token', 'tok', '--webhook', receiver.url, '--secret', 'k', '--seed-count', '5'],
      io,
    );
    await until(() => io.out().includes('Type a line'));
    const url = /listening on (http:\/\/\S+)/.exec(io.out())![1]!;
    expect(io.out()).toContain('servicePlanId:  plan');
    expect(io.out()).toContain('apiToken:       tok');
    expect(io.out()).toContain(`baseUrl:        ${url}`);

    io.stdin.write('first line\n\n/mms look\n');
    await until(() => receiver!.received.length === 2 && (io.out().match(/delivered/g) ?? []).length === 2);
    const bodies = receiver.received.map((r) => JSON.parse(r.body.toString()) as { type: string });
    expect(bodies.map((b) => b.type).sort()).toEqual(['mo_media', 'mo_text']);
    for (const r of receiver.received) expect(verifyWebhook({ secret: 'k', headers: r.headers, body: r.body }).ok).toBe(true);

    const res = await fetch(`${url}/xms/v1/plan/inbounds`, { headers: { authorization: 'Bearer tok' } });
    expect(((await res.json()) as { count: number }).count).toBe(7);

    io.stop();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/xms/v1/plan/inbounds`)).rejects.toThrow();
  });

  test('without --webhook typed lines are stored and readable over REST', async () => {
    const io = fakeIo();
    const running = runCli(['--port', '0', '--api-token', 't', '--service-plan-id', 'p'], io);
    await until(() => io.out().includes('Type a line'));
    io.stdin.write('just store me\n');
    await until(() => io.out().includes('stored mo_text'));
    const url = /listening on (http:\/\/\S+)/.exec(io.out())![1]!;
    const res = await fetch(`${url}/xms/v1/p/inbounds`, { headers: { authorization: 'Bearer t' } });
    expect(((await res.json()) as { inbounds: { body: string }[] }).inbounds[0]!.body).toBe('just store me');
    io.stop();
    expect(await running).toBe(0);
  });
});

describe('sinch-simulator CLI: what the app sent', () => {
  test('prints each batch the app sends', async () => {
    const io = fakeIo();
    const running = runCli(['--port', '0', '--service-plan-id', 'plan', '--api-token', 'tok'], io);
    await until(() => io.out().includes('Type a line'));
    const url = /listening on (http:\/\/\S+)/.exec(io.out())![1]!;
    const res = await fetch(`${url}/xms/v1/plan/batches`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
      body: JSON.stringify({ from: '12017777777', to: ['12015555555'], body: 'On my way', delivery_report: 'per_recipient' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(io.out()).toContain(`app sent batch ${id} from 12017777777 to 12015555555: "On my way" (per_recipient reports to the webhook)`);
    io.stop();
    expect(await running).toBe(0);
  });
});
