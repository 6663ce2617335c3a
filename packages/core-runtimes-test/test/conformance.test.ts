// The web fetch() entry held to the adapter contract on the runtimes' own HTTP servers
// (Bun.serve, Deno.serve), directly and routed by Hono the way the README's example is;
// and the Hono routing on Node. Inside Bun and Deno the kit runs in the runtime
// (src/conformance-runtime.ts) and reports which cases passed; this test judges that
// list against the cases the kit has.
import { adapterConformance, serveFetch, type StartAdapter } from '@sinch-inbounds/testing';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bunExecutable, denoLauncher, run } from './runtimes.ts';

const EVERY_CASE = adapterConformance({ start: () => Promise.reject(new Error('names only')) }).map((c) => c.name);

interface RuntimeReport {
  passed: string[];
  failed: string[];
}

async function runInside(runtime: 'bun' | 'deno', shape: 'fetch' | 'hono'): Promise<RuntimeReport> {
  const out =
    runtime === 'bun'
      ? await run(bunExecutable(), ['src/conformance-runtime.ts', shape])
      : await run(process.execPath, [denoLauncher(), 'run', '--no-lock', '--allow-net=127.0.0.1', 'src/conformance-runtime.ts', shape], {
          DENO_NO_UPDATE_CHECK: '1',
          NO_COLOR: '1',
        });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as RuntimeReport;
}

describe.each(['bun', 'deno'] as const)('on %s', (runtime) => {
  it('receiver.fetch on the runtime’s own server meets every case of the adapter contract', async () => {
    const report = await runInside(runtime, 'fetch');
    expect(report.failed).toEqual([]);
    expect(report.passed).toEqual(EVERY_CASE);
  });

  it('the Hono example’s routing meets every case of the adapter contract', async () => {
    const report = await runInside(runtime, 'hono');
    expect(report.failed).toEqual([]);
    expect(report.passed).toEqual(EVERY_CASE);
  });
});

describe('the Hono example’s routing on Node meets the adapter contract', () => {
  const start: StartAdapter = async (receiver) => {
    const app = new Hono();
    app.all('/sinch/callbacks', (c) => receiver.fetch(c.req.raw));
    return serveFetch(app.fetch);
  };
  for (const c of adapterConformance({ start })) it(c.name, c.run);
});

describe('the testing package’s synchronous signer on a web build of core', () => {
  it('refuses on Bun with a TypeError naming `await signWebhook`, instead of sending no signature', async () => {
    const out = await run(bunExecutable(), ['src/signed-headers-runtime.ts']);
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '') as { error?: string; message?: string; headers?: unknown };
    expect(result.headers).toBeUndefined();
    expect(result.error).toBe('TypeError');
    expect(result.message).toMatch(/await signWebhook/);
  });
});
