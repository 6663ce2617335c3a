import type { CodeBlock } from './code-blocks.js';
import type { SnippetApp, SnippetProblem } from './snippet-apps.js';

/**
 * Relative links in a package's README: npm shows the README away from the repository,
 * where `../core` or `docs/x.png` lead nowhere. Links within the page (`#…`) are fine.
 */
export function relativeLinks(readme: string, markdown: string): SnippetProblem[] {
  const problems: SnippetProblem[] = [];
  markdown.split('\n').forEach((text, i) => {
    for (const [, target] of text.matchAll(/\]\(\s*([^)\s]+)[^)]*\)/g)) {
      if (/^([a-z][a-z0-9+.-]*:|#)/i.test(target!)) continue;
      problems.push({
        readme,
        line: i + 1,
        message: `relative link ${target} breaks on npm: use https://github.com/sinch-inbounds/sinch-inbounds/tree/main/… instead`,
      });
    }
  });
  return problems;
}

/**
 * `npx sinch-simulator` in a command to copy: outside a project that installs
 * `@sinch-inbounds/testing` it asks npm for a package named `sinch-simulator`, which is
 * not ours. Commands name the package: `npx -p @sinch-inbounds/testing sinch-simulator`.
 */
export function bareSimulatorCommands(blocks: readonly CodeBlock[]): SnippetProblem[] {
  return blocks.flatMap((block) =>
    block.code.split('\n').flatMap((text, i) =>
      /\bnpx\s+(--yes\s+|-y\s+)?sinch-simulator\b/.test(text)
        ? [{ readme: block.readme, line: block.line + 1 + i, message: 'write `npx -p @sinch-inbounds/testing sinch-simulator`, not `npx sinch-simulator`' }]
        : [],
    ),
  );
}

/** The npm package a bare import specifier names (`hono/adapter` → `hono`), or undefined for Node's own and relative ones. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const NODE_BUILTINS = new Set(['http', 'https', 'fs', 'path', 'net', 'events', 'crypto', 'url', 'stream', 'util', 'os', 'child_process']);

/**
 * Packages an app imports that its README never names — in an install command or in
 * backticks — so a reader following the README would not know to install them.
 */
export function unnamedPackages(app: SnippetApp, markdown: string): SnippetProblem[] {
  const problems: SnippetProblem[] = [];
  for (const file of app.files) {
    file.code.split('\n').forEach((text, i) => {
      for (const [, specifier] of text.matchAll(/(?:from|require\(|import\()\s*'([^']+)'/g)) {
        const name = packageOf(specifier!);
        if (name === undefined || NODE_BUILTINS.has(name) || name === 'vitest') continue;
        const named = markdown.includes(`\`${name}\``) || installLine(name).test(markdown);
        if (!named) {
          problems.push({ ...file.origins[i]!, message: `imports ${name}, which the README never says to install (name it in an npm i line, or in backticks)` });
        }
      }
    });
  }
  return problems;
}

/** `npm i … <name>` (also `npm install`, `pnpm add`, `yarn add`), the name followed by a space, a version, punctuation or the end. */
function installLine(name: string): RegExp {
  return new RegExp('(npm i|npm install|pnpm add|yarn add)[^\\n]*\\s' + escape(name) + '(?=[\\s;,)@\u0060]|$)', 'm');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
