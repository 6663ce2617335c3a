import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import type { SnippetApp, SnippetFile, SnippetProblem } from './snippet-apps.js';

/**
 * Compiler options of every app: strict, as a user's `tsc --strict` project, Node's
 * module rules (`nodenext`: ESM or CommonJS by the app's package.json, as Node runs it),
 * and decorators with their metadata, as NestJS needs.
 */
export const SNIPPET_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  skipLibCheck: true,
  types: ['node'],
  noEmitOnError: false,
  sourceMap: false,
  declaration: false,
};

/** Where an app is written under `root`: one folder per README, one per app. */
export function appDir(root: string, app: SnippetApp): string {
  const readme = app.readme.replace(/\/?README\.md$/, '').replace(/\//g, '_') || 'root';
  return join(root, readme, app.name);
}

/** Writes every app (its files and a package.json saying ESM or CommonJS) under a fresh `root`. */
export function writeApps(root: string, apps: readonly SnippetApp[]): void {
  rmSync(root, { recursive: true, force: true });
  for (const app of apps) {
    const dir = appDir(root, app);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, type: app.module }, null, 2)}\n`);
    for (const file of app.files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), `${file.code}\n`);
    }
  }
}

/**
 * Type-checks every app in one TypeScript program (one start-up and one read of the
 * packages' declarations for all of them) and emits their JavaScript next to the
 * sources, to run. Returns the problems by app, each at the README line it comes from.
 */
export function compileApps(root: string, apps: readonly SnippetApp[]): Map<SnippetApp, SnippetProblem[]> {
  const byPath = new Map<string, { app: SnippetApp; file: SnippetFile }>();
  for (const app of apps) {
    for (const file of app.files) {
      if (/\.(ts|mts|cts|tsx)$/.test(file.path) && !file.path.endsWith('.d.ts')) byPath.set(resolve(appDir(root, app), file.path), { app, file });
    }
  }
  const program = ts.createProgram({ rootNames: [...byPath.keys()], options: SNIPPET_COMPILER_OPTIONS });
  const emitted = program.emit();
  const problems = new Map<SnippetApp, SnippetProblem[]>(apps.map((app) => [app, []]));
  for (const diagnostic of [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics]) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const source = diagnostic.file === undefined ? undefined : byPath.get(resolve(diagnostic.file.fileName));
    if (diagnostic.file === undefined || source === undefined || diagnostic.start === undefined) {
      // Not in a README's code (the options, or a package's declarations): every app hears of it.
      const where = diagnostic.file === undefined ? '' : ` in ${relative(root, diagnostic.file.fileName)}`;
      for (const list of problems.values()) list.push({ readme: '(compiler)', line: 0, message: `TS${diagnostic.code}${where}: ${text}` });
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const origin = source.file.origins[line] ?? { readme: source.app.readme, line: source.file.block.line };
    problems.get(source.app)!.push({ ...origin, message: `${source.file.path} (app "${source.app.name}"): TS${diagnostic.code} ${text}` });
  }
  return problems;
}
