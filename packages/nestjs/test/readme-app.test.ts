import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const appDir = join(packageDir, 'test', 'readme-app');

/** The README's complete files of the quick-start app: ```ts file=PATH … app=quick-start blocks, by path. */
async function readmeFiles(): Promise<Map<string, string>> {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/^```\w+ file=(\S+)( [^\n]*)?\n([\s\S]*?)^```$/gm)) {
    const [, path, attributes, code] = match;
    if (path === undefined || code === undefined || !(attributes ?? '').split(' ').includes('app=quick-start')) continue;
    expect(files.has(path), `${path} appears twice as a complete file`).toBe(false);
    files.set(path, code);
  }
  return files;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(appDir, join(e.parentPath, e.name)));
}

// test/readme-app holds the README's quick start and its test, file for file: the e2e spec
// runs here (vitest.config.ts), and the consumer test compiles and boots the app on Nest
// 10, 11 and 12 from packed tarballs. This keeps those files and the README one text.
describe('the README quick start', () => {
  it('is test/readme-app, file for file and byte for byte', async () => {
    const readme = await readmeFiles();
    const onDisk = (await filesUnder(appDir)).sort();
    expect([...readme.keys()].sort()).toEqual(onDisk);
    for (const path of onDisk) {
      expect(readme.get(path), path).toBe(await readFile(join(appDir, path), 'utf8'));
    }
  });
});
