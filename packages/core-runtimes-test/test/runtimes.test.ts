// SPEC §3 and §4 on the real runtimes: each runs src/scenario.ts against core's web
// build, resolved through core's package exports, while this Node process runs the
// simulator and judges what each runtime reports.
import type { SinchSimulator } from '@sinch-inbounds/testing';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput, ScenarioReport } from '../src/scenario.ts';
import { bundleForWorkers, bunExecutable, denoLauncher, run } from './runtimes.ts';
import { expectScenarioPassed, prepareScenario } from './scenario-input.ts';

let sim: SinchSimulator;
let input: ScenarioInput;

beforeAll(async () => {
  ({ sim, input } = await prepareScenario());
});
afterAll(async () => {
  await sim?.close();
});

describe('core web build on real runtimes', () => {
  it('workerd (Cloudflare Workers, through miniflare), without nodejs_compat', async () => {
    const script = await bundleForWorkers({ file: 'src/worker.ts' });
    const mf = new Miniflare({ modules: true, script, compatibilityDate: '2026-04-01' });
    try {
      const response = await mf.dispatchFetch('http://runtime.test/', { method: 'POST', body: JSON.stringify(input) });
      const report = (await response.json()) as ScenarioReport;
      expect(report.runtime).toBe('workerd');
      // No Node globals here: the web build stands on web standards alone.
      expect(report.hasBuffer).toBe(false);
      expectScenarioPassed(report, sim);
    } finally {
      await mf.dispose();
    }
  });

  it('Deno, resolving @sinch-inbounds/core through its "deno" export condition', async () => {
    const out = await run(
      process.execPath,
      [denoLauncher(), 'run', '--no-lock', '--allow-net=127.0.0.1', 'src/cli.ts', JSON.stringify(input)],
      { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    );
    const report = JSON.parse(out) as ScenarioReport;
    expect(report.runtime).toMatch(/^deno \d/);
    expectScenarioPassed(report, sim);
  });

  it('Bun, resolving @sinch-inbounds/core through its "bun" export condition', async () => {
    const out = await run(bunExecutable(), ['src/cli.ts', JSON.stringify(input)]);
    const report = JSON.parse(out) as ScenarioReport;
    expect(report.runtime).toMatch(/^bun \d/);
    expectScenarioPassed(report, sim);
  });
});
