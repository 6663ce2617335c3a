// scripts/build-js.mjs, which `pnpm install` and the demos run: the packages it builds
// and in what order, the build:js forms it runs, and when it skips a package.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
// @ts-expect-error -- a plain .mjs script of the repository, without declarations
import { buildOrder, stamp, steps, upToDate, workspacePackages } from '../../scripts/build-js.mjs';

interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
type Packages = Map<string, { dir: string; manifest: Manifest }>;

const BUILD = 'tsup --no-dts --no-clean && node ../../scripts/esm-entries.mjs';

function workspace(manifests: Manifest[]): Packages {
  return new Map(manifests.map((manifest) => [manifest.name, { dir: `/ws/${manifest.name}`, manifest }]));
}

let dir = '';
afterEach(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('build-js', () => {
  test('builds workspace dependencies first, dev ones too, and leaves out packages with no build:js', () => {
    const packages = workspace([
      { name: 'app', scripts: { 'build:js': 'tsup --no-clean' }, dependencies: { kit: 'workspace:*', express: '5.3.0' } },
      { name: 'kit', scripts: { 'build:js': BUILD }, dependencies: { core: 'workspace:^' }, devDependencies: { testing: 'workspace:*' } },
      { name: 'testing', scripts: { 'build:js': BUILD }, dependencies: { core: 'workspace:^' } },
      { name: 'core', scripts: { 'build:js': BUILD } },
      { name: 'types-only', scripts: {} },
    ]);
    expect(buildOrder(['app'], packages)).toEqual(['core', 'testing', 'kit', 'app']);
    packages.get('kit')!.manifest.dependencies!['types-only'] = 'workspace:*';
    expect(buildOrder(['app'], packages)).toEqual(['core', 'testing', 'kit', 'app']);
    expect(() => buildOrder(['nope'], packages)).toThrow('build-js: no workspace package named nope');
    packages.get('core')!.manifest.dependencies = { app: 'workspace:*' };
    expect(() => buildOrder(['app'], packages)).toThrow('build-js: dependency cycle through');
  });

  test("finds this repository's packages, and each one's build:js is a form it runs", () => {
    const packages = workspacePackages() as Packages;
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['@sinch-inbounds/core', '@sinch-inbounds/testing', 'express-demo', 'nestjs-demo']));
    for (const name of buildOrder(['express-demo', 'nestjs-demo'], packages)) {
      expect(() => steps(name, packages.get(name)!.manifest.scripts!['build:js']!), name).not.toThrow();
    }
  });

  test('runs tsup --no-dts --no-clean or tsup --no-clean, with or without esm-entries, and refuses anything else', () => {
    expect(steps('a', BUILD)).toEqual({ esmEntries: true });
    expect(steps('a', 'tsup --no-clean')).toEqual({ esmEntries: false });
    for (const script of ['tsup', 'tsup --no-dts', 'tsup --no-clean && node other.mjs', 'tsup --no-clean && node ../../scripts/esm-entries.mjs && echo', 'rollup -c']) {
      expect(() => steps('a', script), script).toThrow("build-js: a's build:js");
    }
  });

  test('skips a package built after its last input change, until an input changes or an output goes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'build-js-'));
    await mkdir(join(dir, 'src'));
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'src', 'index.ts'), 'export const a = 1;\n');
    await writeFile(join(dir, 'dist', 'index.cjs'), 'exports.a = 1;\n');
    // File times move in clock ticks: a stamp written in the same tick as a source is not
    // newer than it (a rebuild, the safe side). Here the sources are older.
    const earlier = new Date(Date.now() - 60_000);
    await utimes(join(dir, 'src', 'index.ts'), earlier, earlier);
    expect(upToDate(dir)).toBe(false);

    stamp(dir);
    expect(upToDate(dir)).toBe(true);

    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir, 'src', 'index.ts'), later, later);
    expect(upToDate(dir)).toBe(false);

    stamp(dir);
    await utimes(join(dir, 'node_modules', '.cache', 'build-js.json'), new Date(later.getTime() + 1000), new Date(later.getTime() + 1000));
    expect(upToDate(dir)).toBe(true);
    await rm(join(dir, 'dist', 'index.cjs'));
    expect(upToDate(dir)).toBe(false);
  });
});
