// The README's Hono example (src/hono-app.ts), unchanged, on Cloudflare Workers
// (workerd through miniflare, the secret as a binding) and on Bun (Bun.serve, the secret
// in the environment), over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fixtures } from '@sinch-inbounds/testing';
import { Miniflare } from 'miniflare';
import { describe, expect, it } from 'vitest';
import { bundleForWorkers, bunExecutable, packageDir } from './runtimes.ts';
import { callback, signed } from './scenario-input.ts';

type Post = (request: { body: string; headers: Record<string, string> }) => Promise<{ status: number; body: string }>;

/** What Sinch would send, and what the example must answer to each. */
async function expectReceives(post: Post): Promise<void> {
  const body = JSON.stringify(callback);
  const genuine = signed(body);
  expect(await post(genuine)).toEqual({ status: 200, body: '{"status":"accepted"}' });
  expect(await post(signed(body, 'not-the-secret'))).toEqual({ status: 401, body: '{"error":"unauthorized"}' });
  // Sinch redelivering the same message, signed afresh.
  expect(await post(signed(body))).toEqual({ status: 200, body: '{"status":"duplicate"}' });
  // The very same request again: its nonce is known, and its message a duplicate.
  expect(await post(genuine)).toEqual({ status: 200, body: '{"status":"duplicate"}' });
}

describe('the Hono example', () => {
  it('is the one both READMEs show', () => {
    const app = readFileSync(new URL('../src/hono-app.ts', import.meta.url), 'utf8').replace(/^(\/\/.*\n)+/, '');
    for (const readme of ['../../../README.md', '../../core/README.md']) {
      const text = readFileSync(new URL(readme, import.meta.url), 'utf8');
      const blocks = [...text.matchAll(/```ts[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b!.includes("from 'hono'"));
      expect(blocks, readme).toEqual([app]);
    }
  });

  it('runs on workerd (Cloudflare Workers)', async () => {
    const script = await bundleForWorkers({ file: 'src/hono-app.ts' });
    const mf = new Miniflare({
      modules: true,
      script,
      compatibilityDate: '2026-04-01',
      bindings: { SINCH_WEBHOOK_SECRET: fixtures.webhookSecret },
    });
    try {
      await expectReceives(async ({ body, headers }) => {
        const response = await mf.dispatchFetch('http://worker.test/sinch/callbacks', { method: 'POST', headers, body });
        return { status: response.status, body: await response.text() };
      });
    } finally {
      await mf.dispose();
    }
  });

  it('runs on Bun (Bun.serve)', async () => {
    const bun = spawn(bunExecutable(), ['src/hono-bun.ts'], {
      cwd: packageDir,
      env: { ...process.env, SINCH_WEBHOOK_SECRET: fixtures.webhookSecret },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const port = await firstLine(bun).then((line) => (JSON.parse(line) as { port: number }).port);
      await expectReceives(async ({ body, headers }) => {
        const response = await fetch(`http://127.0.0.1:${port}/sinch/callbacks`, { method: 'POST', headers, body });
        return { status: response.status, body: await response.text() };
      });
    } finally {
      bun.kill();
    }
  });
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`bun exited (${code}) before it printed its port`)));
  });
}
