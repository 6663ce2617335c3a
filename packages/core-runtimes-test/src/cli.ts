// Deno and Bun entry: the scenario input as the first argument, the report on stdout.
import { runScenario, type ScenarioInput } from './scenario.ts';

declare const Deno: { args: string[]; version: { deno: string } } | undefined;
declare const Bun: { argv: string[]; version: string } | undefined;

const args = typeof Deno !== 'undefined' ? Deno.args : typeof Bun !== 'undefined' ? Bun.argv.slice(2) : [];
const runtime = typeof Deno !== 'undefined' ? `deno ${Deno.version.deno}` : typeof Bun !== 'undefined' ? `bun ${Bun.version}` : 'unknown';
const report = await runScenario(JSON.parse(args[0] ?? '{}') as ScenarioInput, runtime);
console.log(JSON.stringify(report));
