import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { extractCodeBlocks } from '../src/code-blocks.js';
import { compileApps, writeApps } from '../src/compile-apps.js';
import { catalogSnippets } from '../src/snippet-apps.js';

// The checker itself: what it refuses, and that a drifted snippet fails at its README line.

const fence = '```';
const readme = (...lines: string[]): string => lines.join('\n');

test('a block without a language, and TypeScript that is neither file nor fragment, are refused at their line', () => {
  const { problems } = catalogSnippets(
    extractCodeBlocks('X.md', readme('# X', '', fence, 'output', fence, '', `${fence}ts`, 'const x = 1;', fence, '', `${fence}sh`, 'npm i x', fence)),
  );
  expect(problems.map((p) => [p.line, p.message.slice(0, 40)])).toEqual([
    [3, 'a code block without a language: say wha'],
    [7, 'a `ts` block must be a complete file (``'],
  ]);
});

test('run= says webhook or vitest, on a complete file', () => {
  const { problems } = catalogSnippets(
    extractCodeBlocks('X.md', readme('## A', `${fence}ts file=src/a.ts run=serve`, 'export {};', fence, `${fence}ts file=src/b.ts run=webhook`, 'export {};', fence)),
  );
  expect(problems.map((p) => [p.line, p.message])).toEqual([[2, 'run=serve: say run=webhook or run=vitest']]);
});

test('a fragment must name a complete file of its README, and may not import', () => {
  const { problems, apps } = catalogSnippets(
    extractCodeBlocks(
      'X.md',
      readme('## A', `${fence}ts file=src/a.ts`, 'export const a = 1;', fence, `${fence}ts fragment=src/b.ts`, 'a;', fence, `${fence}ts fragment=src/a.ts`, "import x from 'y';", fence),
    ),
  );
  expect(problems.map((p) => [p.line, p.message.slice(0, 40)])).toEqual([
    [5, 'fragment=src/b.ts: no complete file src/'],
    [8, 'a fragment cannot import: it is spliced '],
  ]);
  expect(apps.map((a) => [a.name, a.files.map((f) => f.path)])).toEqual([['a', ['src/a.ts']]]);
});

test('a fragment is found in another section when one app of the README has its file', () => {
  const { problems, apps } = catalogSnippets(
    extractCodeBlocks('X.md', readme('## Start', `${fence}ts file=src/app.ts`, 'export const n = 1;', fence, '## More', `${fence}ts fragment=src/app.ts`, 'console.log(n);', fence)),
  );
  expect(problems).toEqual([]);
  expect(apps[0]!.fragments.map((f) => f.line)).toEqual([6]);
  expect(apps[0]!.files[0]!.code).toContain('console.log(n);');
});

test('type errors in files and in fragments are reported at the README line that wrote them; CommonJS forbids top-level await', () => {
  const markdown = readme(
    '## Receiver', // 1
    `${fence}ts file=src/server.ts`, // 2
    "import { createWebhookReceiver } from '@sinch-inbounds/core';", // 3
    'export const receiver = createWebhookReceiver({ secret: process.env.SINCH_WEBHOOK_SECRET });', // 4
    fence, // 5
    `${fence}ts fragment=src/server.ts`, // 6
    "receiver.on('mo_text', (sms) => console.log(sms.bodyy));", // 7
    fence, // 8
    '## CommonJS', // 9
    `${fence}ts file=src/main.ts module=commonjs`, // 10
    'await Promise.resolve();', // 11
    'export {};', // 12
    fence, // 13
  );
  const { apps, problems } = catalogSnippets(extractCodeBlocks('SELF.md', markdown));
  expect(problems).toEqual([]);
  const root = fileURLToPath(new URL('../.apps/self-test/', import.meta.url));
  writeApps(root, apps);
  const compiled = [...compileApps(root, apps).values()].flat();
  expect(compiled.map((p) => [p.readme, p.line])).toEqual([
    ['SELF.md', 7],
    ['SELF.md', 11],
  ]);
  expect(compiled[0]!.message).toMatch(/TS2551 Property 'bodyy' does not exist/);
  expect(compiled[1]!.message).toMatch(/TS1309|TS1378|top-level 'await'/);
}, 60_000);
