import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { spawnGroup, type GroupProcess } from './process-group.js';

const RECIPES = new URL('../../', import.meta.url);

/**
 * Where the test assembles and builds the recipe's Next.js app: inside this package and
 * gitignored, so nothing is cached outside it. Rebuilt from scratch on every run.
 */
export const APP_DIR = fileURLToPath(new URL('.nextjs-app/', RECIPES));

/** Next's own CLI, run with this Node: no shell, no `npx`. */
const NEXT_CLI = createRequire(import.meta.url).resolve('next/dist/bin/next');

/**
 * Next's environment for every command here: no telemetry, the production build, and no
 * webhook secret unless a command is given one — a CI build does not have it.
 */
const { SINCH_WEBHOOK_SECRET: _secret, ...inherited } = process.env;
const NEXT_ENV = { ...inherited, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const };

/**
 * Copies the recipe's files (`nextjs/app`, `nextjs/lib`, the ones nextjs.md shows) and the
 * test's additions (`test/nextjs-app`: a Next config for this repository's layout, the
 * conformance route) into {@link APP_DIR}, and runs `next build` there — Turbopack, with
 * the type check, as `next build` runs for users. Rejects with Next's output if it fails.
 */
export async function buildRecipeApp(): Promise<void> {
  const coreBuild = new URL('../../packages/core/dist/index.d.ts', RECIPES);
  if (!existsSync(coreBuild)) throw new Error('build @sinch-inbounds/core first (`pnpm build` at the root): next build type-checks against its dist/');
  rmSync(APP_DIR, { recursive: true, force: true });
  mkdirSync(APP_DIR, { recursive: true });
  for (const dir of ['nextjs/', 'test/nextjs-app/']) cpSync(fileURLToPath(new URL(dir, RECIPES)), APP_DIR, { recursive: true });
  const build = nextCommand(['build']);
  const code = await build.exited;
  if (code !== 0) throw new Error(`next build exited with ${code}:\n${build.output()}`);
}

/** `next <args>` in {@link APP_DIR}, as a process group. */
export function nextCommand(args: readonly string[], env: Readonly<Record<string, string>> = {}): GroupProcess {
  return spawnGroup(process.execPath, [NEXT_CLI, ...args], { cwd: APP_DIR, env: { ...NEXT_ENV, ...env } });
}
