import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
/** This package's folder: the runtimes resolve `@sinch-inbounds/core` from its node_modules. */
export const packageDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Bun executable from its platform package. The `bun` package's own bin is a stub
 * until its install script runs, which the workspace does not allow (it would only
 * copy this file, or download it again).
 */
export function bunExecutable(): string {
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch;
  const bunDir = path.dirname(require.resolve('bun/package.json'));
  const platformPackage = createRequire(path.join(bunDir, 'package.json')).resolve(`@oven/bun-${process.platform}-${arch}/package.json`);
  return path.join(path.dirname(platformPackage), 'bin', 'bun');
}

/** The `deno` package's launcher, which runs the binary of its platform package. */
export function denoLauncher(): string {
  return require.resolve('deno/bin.cjs');
}

/** Runs a command to its end; rejects with its stderr when it fails. */
export function run(file: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: packageDir, env: { ...process.env, ...env }, timeout: 50_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${path.basename(file)} failed (${String(error.code ?? error.signal)}):\n${stderr}`)) : resolve(stdout)),
    );
  });
}

/** The export conditions Wrangler bundles Workers with. */
export const WORKERS_CONDITIONS = ['workerd', 'worker', 'browser'];

/**
 * Bundles `entry` (a path in this package, or code) the way Wrangler does for Workers:
 * ES modules, every import inlined, the `workerd`/`worker`/`browser` export conditions
 * unless others are given. Node built-ins are left as imports, so a test can see them
 * instead of a build error.
 */
export async function bundleForWorkers(
  entry: { file: string } | { code: string },
  { minify = false, conditions = WORKERS_CONDITIONS }: { minify?: boolean; conditions?: string[] } = {},
): Promise<string> {
  const { builtinModules } = await import('node:module');
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [path.join(packageDir, entry.file)] }
      : { stdin: { contents: entry.code, resolveDir: packageDir, loader: 'ts' } }),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions,
    mainFields: ['module', 'main'],
    external: ['node:*', ...builtinModules],
    minify,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
