import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { verifyWebhook } from '@sinch-inbounds/core';
import { startReceiver, type TestReceiver } from './support/webhook-receiver.js';

// One end-to-end run of the published binary: shebang, ESM bundle and the core import.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const cli = `${packageDir}dist/cli.js`;
let receiver: TestReceiver;

beforeAll(async () => {
  if (!existsSync(cli)) execFileSync('npx', ['tsup'], { cwd: packageDir, stdio: 'ignore', timeout: 60_000 });
  receiver = await startReceiver();
}, 70_000);
afterAll(async () => receiver.close());

test('the built sinch-simulator sends a signed SMS with --send and exits 0', async () => {
  const { stdout } = await promisify(execFile)(cli, ['--send', 'from the binary', '--webhook', receiver.url, '--secret', 'bin'], {
    timeout: 20_000,
  });
  expect(stdout).toMatch(/delivered/);
  const [req] = receiver.received;
  expect(verifyWebhook({ secret: 'bin', headers: req!.headers, body: req!.body }).ok).toBe(true);
});

test('the built binary exits 2 with a clear message for a missing secret', async () => {
  const failure = await promisify(execFile)(cli, ['--webhook', receiver.url], { timeout: 20_000 }).catch((e: unknown) => e);
  expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('--secret') });
});
