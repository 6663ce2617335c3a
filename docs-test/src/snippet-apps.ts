import type { CodeBlock } from './code-blocks.js';

/**
 * The README convention this package enforces, block by block:
 *
 * - TypeScript or JavaScript is either a complete file, ```` ```ts file=src/app.ts ````,
 *   or a fragment of one, ```` ```ts fragment=src/app.ts ````;
 * - anything else is shown, not compiled, and says what it is by its language (`sh`,
 *   `json`, `text`, …);
 * - complete files of one section (or of one `app=<name>`) form one throwaway app; a
 *   block with `module=commonjs` makes its app CommonJS (ESM otherwise);
 * - `run=webhook` on a complete file makes it an entry point the test starts and sends a
 *   signed SMS to; `run=vitest` makes it a test file vitest runs (see `runnable-apps.ts`).
 */
export const CODE_LANGS: ReadonlySet<string> = new Set(['ts', 'typescript', 'tsx', 'mts', 'cts', 'js', 'javascript', 'mjs', 'cjs']);

/** What `run=` may say on a complete file. */
export const RUN_KINDS: ReadonlySet<string> = new Set(['webhook', 'vitest']);

/** Languages of blocks that are shown to the reader and not compiled. */
export const SHOWN_LANGS: ReadonlySet<string> = new Set([
  'sh', 'bash', 'shell', 'console', 'text', 'txt', 'json', 'jsonc', 'yaml', 'yml', 'ini', 'dotenv', 'http', 'diff', 'html', 'css', 'toml',
]);

/** Where a line of a generated file came from. */
export interface Origin {
  readme: string;
  line: number;
}

/** One file of a throwaway app, with the README line of each of its lines. */
export interface SnippetFile {
  path: string;
  code: string;
  /** `origins[i]` is where line `i + 1` of `code` was written. */
  origins: Origin[];
  /** The block that wrote it. */
  block: CodeBlock;
}

/** The complete files of one README section (or `app=` group), with their fragments spliced in. */
export interface SnippetApp {
  readme: string;
  name: string;
  module: 'module' | 'commonjs';
  files: SnippetFile[];
  /** Fragments spliced into its files, each checked with them. */
  fragments: CodeBlock[];
}

/** A block that breaks the convention, with where it is. */
export interface SnippetProblem extends Origin {
  message: string;
}

/** What the READMEs' blocks make: the apps to compile, and the blocks that break the convention. */
export interface SnippetCatalog {
  apps: SnippetApp[];
  /** Blocks shown, not compiled (shell, JSON, text), by language. */
  shown: CodeBlock[];
  problems: SnippetProblem[];
}

/** Groups the blocks of every README into apps, splicing fragments into the files they name. */
export function catalogSnippets(blocks: readonly CodeBlock[]): SnippetCatalog {
  const apps = new Map<string, SnippetApp>();
  const shown: CodeBlock[] = [];
  const problems: SnippetProblem[] = [];
  const fragments: CodeBlock[] = [];
  const problem = (block: CodeBlock, message: string): void => void problems.push({ readme: block.readme, line: block.line, message });

  for (const block of blocks) {
    const file = block.attrs['file'];
    const fragment = block.attrs['fragment'];
    if (!CODE_LANGS.has(block.lang)) {
      if (SHOWN_LANGS.has(block.lang) && file === undefined && fragment === undefined) shown.push(block);
      else if (block.lang === '') problem(block, 'a code block without a language: say what it is (```sh, ```text, ```json …, or ```ts file=<path>)');
      else if (file !== undefined || fragment !== undefined) problem(block, `a \`${block.lang}\` block cannot be a file or fragment: only TypeScript and JavaScript are compiled`);
      else problem(block, `unknown language \`${block.lang}\`: use one of ${[...CODE_LANGS, ...SHOWN_LANGS].join(', ')}`);
      continue;
    }
    if ((file === undefined) === (fragment === undefined)) {
      problem(block, `a \`${block.lang}\` block must be a complete file (\`\`\`${block.lang} file=src/app.ts) or a fragment of one (\`\`\`${block.lang} fragment=src/app.ts)`);
      continue;
    }
    const path = (file ?? fragment)!;
    const bad = badPath(path);
    if (bad !== undefined) {
      problem(block, `${file !== undefined ? 'file' : 'fragment'}=${path}: ${bad}`);
      continue;
    }
    const module = block.attrs['module'];
    if (module !== undefined && module !== 'commonjs' && module !== 'esm') {
      problem(block, `module=${module}: say module=commonjs (ESM is the default)`);
      continue;
    }
    const run = block.attrs['run'];
    if (run !== undefined && (fragment !== undefined || !RUN_KINDS.has(run))) {
      problem(block, fragment !== undefined ? 'run= belongs on a complete file, not a fragment' : `run=${run}: say run=${[...RUN_KINDS].join(' or run=')}`);
      continue;
    }
    if (fragment !== undefined) {
      fragments.push(block);
      continue;
    }
    const name = appName(block);
    const key = `${block.readme}#${name}`;
    const app = apps.get(key) ?? { readme: block.readme, name, module: 'module' as const, files: [], fragments: [] };
    apps.set(key, app);
    if (module === 'commonjs') app.module = 'commonjs';
    if (app.files.some((f) => f.path === path)) {
      problem(block, `app "${name}" already has a complete ${path}; give this block its own app=<name> or another path`);
      continue;
    }
    const lines = block.code.split('\n');
    app.files.push({ path, code: block.code, origins: lines.map((_, i) => ({ readme: block.readme, line: block.line + 1 + i })), block });
  }

  for (const block of fragments) {
    const path = block.attrs['fragment']!;
    const target = fragmentTarget(block, path, [...apps.values()]);
    if (typeof target === 'string') {
      problem(block, target);
      continue;
    }
    const mistake = /^\s*(import|export)\s/m.exec(block.code);
    if (mistake !== null) {
      problem(block, `a fragment cannot ${mistake[1]}: it is spliced into a function at the end of ${path}; put the ${mistake[1]} in that complete file, or make this block a complete file`);
      continue;
    }
    spliceFragment(target.file, block);
    target.app.fragments.push(block);
  }
  return { apps: [...apps.values()], shown, problems };
}

function appName(block: CodeBlock): string {
  return block.attrs['app'] ?? (block.section === '' ? 'top' : block.section);
}

function badPath(path: string): string | undefined {
  if (path === '') return 'name the file';
  if (path.startsWith('/') || path.split('/').includes('..')) return 'must be a relative path inside the app';
  if (path === 'package.json') return 'package.json is written by the test (module=commonjs makes it CommonJS)';
  return undefined;
}

/** The app and file a fragment names: its own section's (or `app=`'s) first, else the one app of the README that has it. */
function fragmentTarget(block: CodeBlock, path: string, apps: SnippetApp[]): { app: SnippetApp; file: SnippetFile } | string {
  const own = apps.find((a) => a.readme === block.readme && a.name === appName(block));
  const ownFile = own?.files.find((f) => f.path === path);
  if (own !== undefined && ownFile !== undefined) return { app: own, file: ownFile };
  if (block.attrs['app'] !== undefined) return `fragment=${path} app=${block.attrs['app']}: that app has no complete ${path}`;
  const candidates = apps.filter((a) => a.readme === block.readme && a.files.some((f) => f.path === path));
  if (candidates.length === 1) return { app: candidates[0]!, file: candidates[0]!.files.find((f) => f.path === path)! };
  if (candidates.length === 0) return `fragment=${path}: no complete file ${path} in ${block.readme} to splice it into (add one with \`\`\`ts file=${path})`;
  return `fragment=${path}: ${candidates.length} apps of ${block.readme} have ${path} (${candidates.map((a) => a.name).join(', ')}); say which with app=<name>`;
}

/**
 * Appends a fragment to the file it names, as the body of a function nobody calls: it is
 * type-checked against the file's imports and top-level names (so a renamed option or a
 * removed export fails), may `await` and `return`, and changes nothing at run time.
 */
function spliceFragment(file: SnippetFile, block: CodeBlock): void {
  const header = ['', `// fragment from ${block.readme}:${block.line}`, `async function fragmentAtLine${block.line}() {`];
  const body = block.code.split('\n');
  const lines = [...file.code.split('\n'), ...header, ...body, '}'];
  const at = { readme: block.readme, line: block.line };
  file.origins = [
    ...file.origins,
    ...header.map(() => at),
    ...body.map((_, i) => ({ readme: block.readme, line: block.line + 1 + i })),
    at,
  ];
  file.code = lines.join('\n');
}
