// scripts/esm-entries.mjs, which every published package's build runs after tsup: it
// writes the ES module entries for the package's own CommonJS entries, and only those.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'esm-entries.mjs');

let dir = '';
afterEach(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

/** A package folder with this package.json and these dist/ files. */
async function packageWith(manifest: object, files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'esm-entries-'));
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'dist', name), text);
  return dir;
}

function runScript(cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { cwd }, (error, _stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stderr }));
  });
}

const manifest = {
  type: 'module',
  main: './dist/index.cjs',
  exports: { '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' }, require: { types: './dist/index.d.cts', default: './dist/index.cjs' } } },
};
const cjs = (name: string): string => `"use strict";exports.${name}=1;0&&(module.exports={${name}});\n`;

describe('esm-entries', () => {
  test('writes X.js and X.d.ts for the entries package.json gives to require, and for no other .cjs in dist/', async () => {
    // old.cjs: left by an earlier build (tsup --no-clean); helper.cjs: a file the entry loads.
    const pkg = await packageWith(manifest, { 'index.cjs': cjs('answer'), 'index.d.cts': 'export declare const answer: 1;\n', 'old.cjs': cjs('old'), 'helper.cjs': cjs('helper') });
    expect(await runScript(pkg)).toEqual({ code: 0, stderr: '' });
    expect(await readFile(join(pkg, 'dist', 'index.js'), 'utf8')).toBe("export * from './index.cjs';\n");
    expect(await readFile(join(pkg, 'dist', 'index.d.ts'), 'utf8')).toBe("export * from './index.cjs';\n");
    expect(existsSync(join(pkg, 'dist', 'old.js'))).toBe(false);
    expect(existsSync(join(pkg, 'dist', 'helper.js'))).toBe(false);
  });

  test('fails with one line when an entry is missing from dist/', async () => {
    const pkg = await packageWith(manifest, { 'old.cjs': cjs('old') });
    const { code, stderr } = await runScript(pkg);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('esm-entries: dist/index.cjs is missing (run it after tsup)');
  });

  test('fails when an entry exports a name its ES module entry cannot re-export', async () => {
    // Assigned in a way Node's CommonJS export detection cannot see.
    const pkg = await packageWith(manifest, { 'index.cjs': '"use strict";const e=exports;e["hid"+"den"]=1;\n' });
    const { code, stderr } = await runScript(pkg);
    expect(code).toBe(1);
    expect(stderr).toContain('dist/index.js does not re-export hidden from dist/index.cjs');
  });
});
