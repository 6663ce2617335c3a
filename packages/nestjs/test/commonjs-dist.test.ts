import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The package's real build (tsup.config.ts, swc for decorators) installed into a scratch
// app's node_modules next to its peers, then loaded by a plain CommonJS app with require().
// It is built here rather than taken from dist/, which `turbo run test` does not build first.
describe('the built package from a CommonJS app', () => {
  let appDir: string;

  beforeAll(async () => {
    const coreDist = join(packageDir, '..', 'core', 'dist', 'index.cjs');
    await stat(coreDist).catch(() => {
      throw new Error(`@sinch-inbounds/core is not built (${coreDist} is missing): run \`pnpm turbo run build --filter=@sinch-inbounds/core\``);
    });
    appDir = await mkdtemp(join(tmpdir(), 'sinch-nestjs-cjs-'));
    const installed = join(appDir, 'node_modules', '@sinch-inbounds', 'nestjs');
    await mkdir(installed, { recursive: true });
    await copyFile(join(packageDir, 'package.json'), join(installed, 'package.json'));
    await build({ outDir: join(installed, 'dist'), dts: false, sourcemap: false, silent: true });
    // Peers and core, linked as a package manager would install them.
    const links: [string, string][] = [
      ['@sinch-inbounds/core', join(packageDir, '..', 'core')],
      ...['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', 'rxjs', 'reflect-metadata'].map(
        (name): [string, string] => [name, join(packageDir, 'node_modules', name)],
      ),
    ];
    for (const [name, target] of links) {
      const at = join(appDir, 'node_modules', name);
      await mkdir(dirname(at), { recursive: true });
      await symlink(target, at, 'dir');
    }
    await cp(join(packageDir, 'test', 'fixtures', 'commonjs-app.cjs'), join(appDir, 'app.cjs'));
  }, 60_000);

  afterAll(async () => {
    if (appDir !== undefined) await rm(appDir, { recursive: true, force: true });
  });

  it('boots the module, injects the service and routes a signed callback to a decorated handler', async () => {
    const { stdout } = await run(process.execPath, ['app.cjs'], { cwd: appDir, timeout: 30_000 });
    const result = JSON.parse(stdout.trim()) as {
      status: number;
      texts: string[];
      serviceInjected: boolean;
      moduleFile: string;
      serviceParamTypes: number;
    };
    expect(result.moduleFile).toBe(join(appDir, 'node_modules', '@sinch-inbounds', 'nestjs', 'dist', 'index.cjs'));
    expect(result.status).toBe(200);
    expect(result.texts).toEqual(['hello from require()']);
    expect(result.serviceInjected).toBe(true);
    expect(result.serviceParamTypes).toBe(3);
  }, 60_000); // a child Node process booting Nest: a ceiling for a loaded machine, above the child's own 30 s limit
});
