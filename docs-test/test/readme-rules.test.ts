import { describe, expect, test } from 'vitest';
import { extractCodeBlocks } from '../src/code-blocks.js';
import { bareSimulatorCommands, relativeLinks, unnamedPackages } from '../src/readme-rules.js';
import { readmePaths, readReadme } from '../src/readmes.js';
import { catalogSnippets, type SnippetProblem } from '../src/snippet-apps.js';

const where = (p: SnippetProblem): string => `${p.readme}:${p.line}: ${p.message}`;

describe.each(readmePaths())('%s', (readme) => {
  const markdown = readReadme(readme);
  const blocks = extractCodeBlocks(readme, markdown);

  if (readme.startsWith('packages/')) {
    test('has no relative link (npm shows it away from the repository)', () => {
      expect(relativeLinks(readme, markdown).map(where)).toEqual([]);
    });
  }

  test('runs the simulator CLI as npx -p @sinch-inbounds/testing sinch-simulator', () => {
    expect(bareSimulatorCommands(blocks).map(where)).toEqual([]);
  });

  // The demos' own package.json installs what their code imports.
  if (!readme.startsWith('apps/')) {
    test('names every package its code imports', () => {
      expect(catalogSnippets(blocks).apps.flatMap((app) => unnamedPackages(app, markdown)).map(where)).toEqual([]);
    });
  }
});

// packages/core-runtimes-test runs the Hono example on workerd and Bun from its own copy;
// the READMEs say it runs "unchanged", so their copies must be that file.
test.each(['README.md', 'packages/core/README.md'])('%s shows the Hono app core-runtimes-test runs, unchanged', (readme) => {
  const tested = readReadme('packages/core-runtimes-test/src/hono-app.ts').replace(/^(\/\/.*\n)+/, '').trim();
  const shown = extractCodeBlocks(readme, readReadme(readme)).filter((b) => b.code.includes("from 'hono'"));
  expect(shown.map((b) => b.code.trim())).toEqual([tested]);
});
