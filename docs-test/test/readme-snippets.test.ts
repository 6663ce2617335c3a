import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { appDir, compileApps, writeApps } from '../src/compile-apps.js';
import { allCodeBlocks, readmePaths } from '../src/readmes.js';
import { declaredRunnableApps, RUNNABLE_APPS } from '../src/runnable-apps.js';
import { catalogSnippets, type SnippetApp, type SnippetProblem } from '../src/snippet-apps.js';

// Every code block of every README: classified, compiled into throwaway apps in one
// TypeScript program, and the runnable apps run. Failures name the README line.

const APPS_ROOT = fileURLToPath(new URL('../.apps/readmes/', import.meta.url));
const catalog = catalogSnippets(allCodeBlocks());
let compiled: Map<SnippetApp, SnippetProblem[]>;

beforeAll(() => {
  writeApps(APPS_ROOT, catalog.apps);
  compiled = compileApps(APPS_ROOT, catalog.apps);
}, 180_000);

const where = (p: SnippetProblem): string => `${p.readme}:${p.line}: ${p.message}`;

describe.each(readmePaths())('%s', (readme) => {
  test('every code block is a complete file, a fragment of one, or shown by its language', () => {
    expect(catalog.problems.filter((p) => p.readme === readme).map(where)).toEqual([]);
  });

  const apps = catalog.apps.filter((app) => app.readme === readme);
  for (const app of apps) {
    test(`app "${app.name}" type-checks strictly`, () => {
      expect(compiled.get(app)!.map(where)).toEqual([]);
    });
  }
});

describe('runnable apps', () => {
  test.each([...declaredRunnableApps(catalog.apps), ...RUNNABLE_APPS].map((r) => [`${r.readme} app "${r.app}": ${r.what}`, r] as const))('%s', async (_title, runnable) => {
    const app = catalog.apps.find((a) => a.readme === runnable.readme && a.name === runnable.app);
    if (app === undefined) {
      const names = catalog.apps.filter((a) => a.readme === runnable.readme).map((a) => a.name);
      throw new Error(`${runnable.readme} has no app "${runnable.app}" any more (its apps: ${names.join(', ') || 'none'})`);
    }
    const problems = compiled.get(app)!;
    if (problems.length > 0) throw new Error(`does not compile, so it cannot run:\n${problems.map(where).join('\n')}`);
    try {
      await runnable.check(appDir(APPS_ROOT, app));
    } catch (error) {
      throw new Error(`${runnable.readme}:${app.files[0]!.block.line} (app "${app.name}"): ${(error as Error).message}`);
    }
  });
});
